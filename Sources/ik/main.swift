import Foundation

signal(SIGPIPE, SIG_IGN)
FatalSignals.install()
IK.main()
