import Foundation
import HTTPServer

/// The small, self-contained HTML pages the sign-in listener serves: no external resources,
/// a heading and a plain message in a `main` landmark, and a script only on the fragment page.
enum SignInPages {
    /// The `token` callback page: its script reads the tokens from the URL fragment, which the
    /// browser never sends to a server, removes them from the address bar, and submits them
    /// with a form post to the same path, whose response is the result page.
    static func fragmentPage() -> HTTPResponse {
        let nonce = AuthorizationRequest.randomState()
        let body = """
            <p id="status" role="status">Passing the sign-in result to imgpipe…</p>
            <noscript><p>This page needs JavaScript to pass the sign-in result to imgpipe. Sign in again with \
            <code>imgpipe auth login --response-type code</code> or <code>--response-type pin</code>.</p></noscript>
            <script nonce="\(nonce)">
            (function () {
              var fragment = window.location.hash.slice(1);
              history.replaceState(null, "", window.location.pathname);
              if (!fragment) {
                document.getElementById("status").textContent =
                  "This address carries no sign-in result. Start again with imgpipe auth login.";
                return;
              }
              var form = document.createElement("form");
              form.method = "post";
              form.action = window.location.pathname;
              var field = document.createElement("input");
              field.type = "hidden";
              field.name = "fragment";
              field.value = fragment;
              form.appendChild(field);
              document.body.appendChild(form);
              form.submit();
            })();
            </script>
            """
        return page(status: 200, title: "Signing in to Imgur", body: body, scriptNonce: nonce)
    }

    static func signedIn(username: String?) -> HTTPResponse {
        let accountPhrase = username.map { " as <strong>\(escape($0))</strong>" } ?? ""
        let body = "<p role=\"status\">imgpipe is signed in\(accountPhrase). You can close this tab.</p>"
        return page(status: 200, title: "Signed in to Imgur", body: body, scriptNonce: nil)
    }

    /// Builds a page with one plain-text message, which is HTML-escaped here.
    static func message(status: Int, title: String, text: String) -> HTTPResponse {
        page(status: status, title: title, body: "<p role=\"status\">\(escape(text))</p>", scriptNonce: nil)
    }

    /// Wraps `body` in a page whose Content-Security-Policy allows only its own inline style
    /// and, with a nonce, its own script, and only form posts back to this listener.
    private static func page(status: Int, title: String, body: String, scriptNonce: String?) -> HTTPResponse {
        let styleNonce = AuthorizationRequest.randomState()
        let html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) – imgpipe</title>
            <style nonce="\(styleNonce)">
            body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; }
            </style>
            </head>
            <body>
            <main>
            <h1>\(escape(title))</h1>
            \(body)
            </main>
            </body>
            </html>
            """
        let script = scriptNonce.map { "'nonce-\($0)'" } ?? "'none'"
        var response = HTTPResponse.html(status: status, html)
        response.headers["Content-Security-Policy"] =
            "default-src 'none'; style-src 'nonce-\(styleNonce)'; script-src \(script); form-action 'self'; base-uri 'none'"
        response.headers["Cache-Control"] = "no-store"
        // With `no-referrer`, Chromium sends `Origin: null` with the fragment page's post, and the
        // listener rejects that as cross-origin. `same-origin` still keeps the URL from other sites.
        response.headers["Referrer-Policy"] = "same-origin"
        return response
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
