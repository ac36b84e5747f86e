public enum SignaturePlaceholder {}
