// The ecsrpc command: argument handling and wiring only.
// (simproto branch: minimal dispatch so `ecsrpc simulate` runs; the backbone's main.swift replaces this.)
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "simulate" {
    exit(await SimulateCommand.run(arguments: Array(arguments.dropFirst())))
}
print("ecsrpc: under construction")
