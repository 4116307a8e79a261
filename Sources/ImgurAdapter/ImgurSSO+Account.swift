import Foundation

extension ImgurSSO {
    /// Reads the username (`data.url` of `/3/account/me`) and the email from
    /// `/3/account/me/settings`. The email is nil when the settings are rejected or lack it,
    /// while sign-in, rate-limit, server and transport errors are thrown.
    public func userInfo() async throws -> ImgurUserInfo {
        let account = try await call("GET", "/3/account/me")
        guard let username = account["url"]?.stringValue else {
            throw ImgurError(kind: .unexpectedResponse, detail: "the account has no \"url\" (username)",
                             request: "GET /3/account/me")
        }

        var email: String?
        do {
            email = try await call("GET", "/3/account/me/settings")["email"]?.stringValue
        } catch let error as ImgurError where error.kind == .rejected || error.kind == .unexpectedResponse {
            email = nil
        }
        return ImgurUserInfo(username: username, accountID: account["id"]?.intValue, email: email)
    }

    /// Lists one page of the signed-in account's images (page 0 is the newest).
    public func accountImages(page: Int = 0) async throws -> [ImgurImage] {
        let path = "/3/account/me/images/\(max(0, page))"
        let data = try await call("GET", path)
        return try decode([ImgurImage].self, from: data, request: "GET \(path)")
    }

    /// Reads the remaining request budget from `/3/credits`.
    public func credits() async throws -> ImgurCredits {
        ImgurCredits(json: try await call("GET", "/3/credits"))
    }
}
