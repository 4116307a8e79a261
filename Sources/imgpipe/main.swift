import Foundation
import ImgpipeCommands

// Only plain statements here: a closure written at top level would be inferred to run on the
// main actor, which breaks when a C library calls it from its own thread.
let code = await Imgpipe.main(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
exit(code)
