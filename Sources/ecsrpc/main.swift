// The ecsrpc command: argument handling and wiring only.
print("ecsrpc: under construction")
