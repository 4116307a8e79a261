/// Rebuilds item parts from the `stage.finished` payloads that recorded them, so that a
/// resumed run carries on with what each stage learned before the process stopped.
extension ItemMetadata {
    init?(payload: [String: JSONValue]) {
        guard let format = payload["format"]?.stringValue,
              let width = payload["width"]?.integerValue,
              let height = payload["height"]?.integerValue
        else { return nil }
        self.init(
            format: format, width: Int(width), height: Int(height),
            orientation: Int(payload["orientation"]?.integerValue ?? 1),
            frames: Int(payload["frames"]?.integerValue ?? 1),
            byteSize: payload["size"]?.integerValue ?? 0,
            displayedWidth: Int(payload["displayed_width"]?.integerValue ?? width),
            displayedHeight: Int(payload["displayed_height"]?.integerValue ?? height)
        )
    }
}

extension PreparedFile {
    init?(payload: [String: JSONValue]) {
        guard let path = payload["prepared_path"]?.stringValue,
              let sha256 = payload["prepared_sha256"]?.stringValue
        else { return nil }
        self.init(
            path: path, sha256: sha256, format: payload["format"]?.stringValue ?? "",
            width: Int(payload["width"]?.integerValue ?? 0), height: Int(payload["height"]?.integerValue ?? 0),
            byteSize: payload["size"]?.integerValue ?? 0, rewritten: payload["rewritten"]?.boolValue ?? false
        )
    }
}

extension UploadRecord {
    init?(payload: [String: JSONValue]) {
        guard let id = payload["id"]?.stringValue, let link = payload["link"]?.stringValue else { return nil }
        self.init(
            id: id, link: link, deletehash: payload["deletehash"]?.stringValue, type: payload["type"]?.stringValue,
            width: payload["width"]?.integerValue.map(Int.init), height: payload["height"]?.integerValue.map(Int.init),
            size: payload["size"]?.integerValue
        )
    }
}

extension AccountReference {
    init(recorded name: String) {
        self = name == "anonymous" ? .anonymous : .named(name)
    }
}
