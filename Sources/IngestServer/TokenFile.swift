import Foundation

/// The bearer token of `chatsla serve`, read from a file that only its owner may read.
public enum TokenFile {
    /// Reads the token: the file's content without surrounding white space.
    ///
    /// ```swift
    /// let token = try TokenFile.read("/etc/chatsla/token")   // chmod 600 first
    /// ```
    /// - Throws: ``TokenFileError`` when the file is missing, empty, or readable or writable by
    ///   its group or others (the server refuses to start with a token others can read).
    public static func read(_ path: String) throws -> String {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw TokenFileError(
                "cannot read the token file \(path): \(String(cString: strerror(errno))); "
                    + "write a secret into it and chmod 600 it"
            )
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw TokenFileError("the token file \(path) is not a regular file; give a file holding the secret")
        }
        let others = status.st_mode & 0o077
        guard others == 0 else {
            throw TokenFileError(
                "the token file \(path) can be read or written by other users (mode "
                    + String(status.st_mode & 0o777, radix: 8) + "); make it private with: chmod 600 \(path)"
            )
        }
        guard status.st_uid == geteuid() else {
            throw TokenFileError(
                "the token file \(path) belongs to another user (uid \(status.st_uid)); "
                    + "it must belong to the user running chatsla serve"
            )
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw TokenFileError("cannot read the token file \(path) as UTF-8 text")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw TokenFileError("the token file \(path) is empty; write a secret into it (e.g. openssl rand -hex 32)")
        }
        return token
    }
}

/// Why the token file was refused.
public struct TokenFileError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
