import ImgurAdapter
import Pipeline
import Synchronization

/// The Imgur sessions of one run by account, filled by the authenticate stage and read by the
/// upload stage, so that tokens stay here and items carry only an account name. It also
/// carries the rate-limit gate the run's uploads share.
public final class SessionRegistry: Sendable {
    private let sessions = Mutex<[AccountReference: ImgurSSO]>([:])
    /// Holds uploads back while Imgur's budget is spent, for every account of the run.
    public let gate: RateLimitGate

    public init(gate: RateLimitGate = RateLimitGate()) {
        self.gate = gate
    }

    func register(_ session: ImgurSSO, for account: AccountReference) {
        sessions.withLock { $0[account] = session }
    }

    func session(for account: AccountReference) throws -> ImgurSSO {
        guard let session = sessions.withLock({ $0[account] }) else {
            throw StageError("no Imgur session for account '\(account)': the pipeline needs an authenticate stage before upload")
        }
        return session
    }
}
