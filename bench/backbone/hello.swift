// Baseline for cold start: the most trivial Swift binary that prints one line.
print("hello")
