import Foundation
import ImgurSandbox
import Testing

@Suite struct SandboxUploadTests {
    struct Sample: Sendable, CustomTestStringConvertible {
        var file: String
        var type: String
        var width: Int
        var height: Int
        var testDescription: String { file }
    }

    @Test(arguments: [
        Sample(file: "pngsuite_basn6a08.png", type: "image/png", width: 32, height: 32),
        Sample(file: "exif_orient6_Landscape_6.jpg", type: "image/jpeg", width: 1200, height: 1800),
        Sample(file: "pillow_pil_sample_cmyk.jpg", type: "image/jpeg", width: 100, height: 100),
        Sample(file: "pillow_iss634.gif", type: "image/gif", width: 245, height: 245),
    ])
    func imageStoredWithSniffedSize(_ sample: Sample) async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        let bytes = try imageFixture(sample.file)

        let reply = try await sandbox.upload(bytes, fileName: sample.file)
        let data = try reply.data()
        let stored = try #require(sandbox.storedImages().first)

        #expect(reply.status == 200)
        #expect(data["type"] as? String == sample.type)
        #expect(data["width"] as? Int == sample.width)
        #expect(data["height"] as? Int == sample.height)
        #expect(data["size"] as? Int == bytes.count)
        #expect(data["account_id"] as? Int == 0)
        #expect((data["id"] as? String)?.count == 7)
        #expect((data["deletehash"] as? String)?.count == 15)
        #expect(stored.type == sample.type)
        #expect(try Data(contentsOf: stored.fileURL) == bytes)
    }

    @Test func linkServesStoredBytes() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        let bytes = try imageFixture("pngsuite_basn2c16.png")

        let data = try await sandbox.upload(bytes).data()
        let link = try #require(data["link"] as? String)
        let id = try #require(data["id"] as? String)
        let linkURL = try #require(URL(string: link))
        let served = try await call("GET", linkURL)

        #expect(link == "\(sandbox.baseURL.absoluteString)/\(id).png")
        #expect(served.status == 200)
        #expect(served.body == bytes)
        #expect(served.headers["content-type"] == "image/png")
    }

    @Test(arguments: ["pillow_hopper.webp", "pillow_hopper.heic", "gen_text_named.jpg", "pngsuite_xs1n0g01.png", "gen_empty.jpg"])
    func unsupportedTypeGets1003(_ file: String) async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }

        let reply = try await sandbox.upload(try imageFixture(file), fileName: file)
        let error = try #require(try reply.data()["error"] as? [String: Any])

        #expect(reply.status == 400)
        #expect(error["code"] as? Int == 1003)
        #expect(error["message"] as? String == "File type invalid (1)")
        #expect(sandbox.storedImages().isEmpty)
    }

    @Test func imageOverLimitRejected() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        var bytes = try imageFixture("pngsuite_basn6a08.png")
        bytes.append(Data(count: 10_000_001 - bytes.count))

        let reply = try await sandbox.upload(bytes)

        #expect(reply.status == 400)
        #expect(try reply.errorMessage() == "File is over the size limit")
    }

    @Test func imageAtLimitAccepted() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        var bytes = try imageFixture("pngsuite_basn6a08.png")
        bytes.append(Data(count: 10_000_000 - bytes.count))

        let reply = try await sandbox.upload(bytes)

        #expect(reply.status == 200)
    }

    @Test func videoFieldAcceptsMP4() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        var bytes = Data([0, 0, 0, 0x18]) + Data("ftypisom".utf8)
        bytes.append(Data(count: 100))

        let reply = try await sandbox.upload(bytes, fileName: "clip.mp4", field: "video")
        let data = try reply.data()

        #expect(reply.status == 200)
        #expect(data["type"] as? String == "video/mp4")
        #expect((data["mp4"] as? String)?.hasSuffix(".mp4") == true)
    }

    @Test func textFieldsArriveByteIdentical() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        let title = "Привет 👋 café"
        let description = "a & b = c %20 +"

        let reply = try await sandbox.upload(try imageFixture("pngsuite_basn6a08.png"),
                                             fields: [("title", title), ("description", description), ("name", "n.png")])
        let stored = try #require(sandbox.storedImages().first)

        #expect(try reply.data()["title"] as? String == title)
        #expect(stored.title == title)
        #expect(stored.description == description)
        #expect(stored.name == "n.png")
    }

    @Test func bearerUploadBelongsToUser() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        let pair = sandbox.issueTokens()

        let reply = try await sandbox.upload(try imageFixture("pngsuite_basn6a08.png"), authorization: "Bearer \(pair.accessToken)")
        let listing = try await call("GET", sandbox.url("/3/account/me/images"), authorization: "Bearer \(pair.accessToken)")
        let images = try #require(try listing.json()["data"] as? [[String: Any]])

        #expect(try reply.data()["account_id"] as? Int == 1_000_001)
        #expect(sandbox.storedImages().first?.accountID == 1_000_001)
        #expect(images.count == 1)
    }

    @Test func deleteByDeletehashAndById() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        let pair = sandbox.issueTokens()
        let png = try imageFixture("pngsuite_basn6a08.png")
        let anonymous = try await sandbox.upload(png).data()
        let owned = try await sandbox.upload(png, authorization: "Bearer \(pair.accessToken)").data()
        let ownedID = try #require(owned["id"] as? String)

        let deletehash = try #require(anonymous["deletehash"] as? String)
        let byHash = try await call("DELETE", sandbox.url("/3/image/\(deletehash)"), authorization: sandbox.clientIDHeader)
        let byIDWithoutOwner = try await call("DELETE", sandbox.url("/3/image/\(ownedID)"), authorization: sandbox.clientIDHeader)
        let byIDAsOwner = try await call("DELETE", sandbox.url("/3/image/\(ownedID)"), authorization: "Bearer \(pair.accessToken)")
        let again = try await call("DELETE", sandbox.url("/3/image/\(ownedID)"), authorization: "Bearer \(pair.accessToken)")

        #expect(byHash.status == 200)
        #expect(try byHash.json()["data"] as? Bool == true)
        #expect(byIDWithoutOwner.status == 403)
        #expect(byIDAsOwner.status == 200)
        #expect(again.status == 404)
        #expect(sandbox.storedImages().isEmpty)
    }

    @Test func albumCollectsUploads() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }

        let album = try await call("POST", sandbox.url("/3/album"), authorization: sandbox.clientIDHeader,
                                   contentType: "application/x-www-form-urlencoded", body: form([("title", "Trip")]))
        let deletehash = try #require(try album.data()["deletehash"] as? String)
        let upload = try await sandbox.upload(try imageFixture("pngsuite_basn6a08.png"), fields: [("album", deletehash)])
        let missing = try await sandbox.upload(try imageFixture("pngsuite_basn6a08.png"), fields: [("album", "nope")])

        #expect(album.status == 200)
        #expect(upload.status == 200)
        let albumID = try album.data()["id"] as? String
        #expect(sandbox.storedImages().first?.albumID == albumID)
        #expect(missing.status == 404)
    }
}
