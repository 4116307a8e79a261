import Foundation

/// HTML pages of the sandbox's sign-in flow.
enum SandboxPages {
    static func approval(clientID: String, username: String, responseType: String, state: String) -> String {
        """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>Imgur sandbox: allow access?</title></head>
        <body>
        <h1>Allow \(escape(clientID)) to use the account \(escape(username))?</h1>
        <form method="post" action="/oauth2/authorize">
        <input type="hidden" name="client_id" value="\(escape(clientID))">
        <input type="hidden" name="response_type" value="\(escape(responseType))">
        <input type="hidden" name="state" value="\(escape(state))">
        <button type="submit" name="action" value="allow" id="allow">Allow</button>
        <button type="submit" name="action" value="deny" id="deny">Deny</button>
        </form>
        </body></html>
        """
    }

    static func pin(_ pin: String) -> String {
        """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>Imgur sandbox: PIN</title></head>
        <body><p>Enter this PIN in the application:</p><p id="pin">\(escape(pin))</p></body></html>
        """
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
