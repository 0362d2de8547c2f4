import Foundation

signal(SIGPIPE, SIG_IGN)
IK.main(GlobalArguments.normalise(Array(CommandLine.arguments.dropFirst())))
