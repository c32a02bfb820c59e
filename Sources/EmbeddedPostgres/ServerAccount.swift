import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Who runs the server: the caller, or an unprivileged account when the caller is root.
struct ServerAccount {
    struct User {
        var name: String
        var uid: uid_t
        var gid: gid_t
    }

    /// `nil` when the caller itself may run the server.
    let serverUser: User?

    static func current() throws -> ServerAccount {
        guard geteuid() == 0 else { return ServerAccount(serverUser: nil) }
        let name = ProcessInfo.processInfo.environment["CHATSLA_SERVER_USER"] ?? "postgres"
        guard let entry = getpwnam(name) else {
            throw LocalClusterError(
                "chatsla runs as root, and PostgreSQL refuses to: the server needs an unprivileged account, but "
                    + "'\(name)' does not exist; create it (useradd --system postgres) or set CHATSLA_SERVER_USER"
            )
        }
        return ServerAccount(serverUser: User(name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid))
    }
}
