import Foundation
import Pipeline

/// The `pin` sign-in: reads the PIN that Imgur's page shows from standard input and redeems it.
enum PINPrompt {
    /// Waits for a PIN line, or for `timeout` to pass. The read blocks a Dispatch thread that
    /// nothing can interrupt, so after a timeout it stays blocked until the process exits.
    static func outcome(timeout: Duration, redeem: @escaping SignInRedeemer.Redeem) async -> SignInOutcome {
        let latch = SignInLatch()
        let reader = Task {
            let pin = await readPIN()
            guard latch.claim() else { return }

            if let pin {
                latch.decide(await SignInOutcome.redeeming(.pin(pin), with: redeem))
            } else {
                latch.decide(.failed(CommandFailure("standard input ended before a PIN was entered; run 'imgpipe auth login "
                                                    + "--response-type pin' again and type the PIN Imgur shows", exitCode: .signInRequired)))
            }
            latch.finish()
        }
        defer { reader.cancel() }

        return await latch.outcome(timeout: timeout)
    }

    /// Returns the first non-empty line of standard input, trimmed; nil at end of input.
    private static func readPIN() async -> String? {
        while true {
            guard let line = try? await BlockingWork.run({ readLine(strippingNewline: true) }) else { return nil }
            let pin = line.trimmingCharacters(in: .whitespaces)
            if !pin.isEmpty {
                return pin
            }
        }
    }
}
