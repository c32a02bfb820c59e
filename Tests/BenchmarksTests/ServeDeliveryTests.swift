import ChatDomain
import Foundation
import Testing

@testable import Benchmarks

/// How `bench serve` hands a generated stream to its clients: reference data first, then each
/// dialog's events in file order on one client.
@Suite struct ServeDeliveryTests {
    @Test func eachDialogsEventsGoToOneClientInFileOrderAndNothingIsLostOrDoubled() throws {
        let lines = try ServeBenchmark.generatedLines(3_000, seed: 5)
        let (reference, shares) = ServeBenchmark.partition(lines, clients: 8)
        #expect(shares.count == 8)
        #expect(reference.count + shares.reduce(0) { $0 + $1.count } == lines.count)
        #expect(Set(shares.joined()).count == shares.reduce(0) { $0 + $1.count })
        let decoder = EventDecoder()
        var clientOfDialog: [String: Int] = [:]
        var messageDialog: [String: String] = [:]
        for (client, share) in shares.enumerated() {
            #expect(share == share.sorted(), "client \(client) sends in file order")
            for index in share {
                guard case .success(let event) = decoder.decode(lines[index]) else {
                    Issue.record("line \(index) does not decode")
                    continue
                }
                let keys = ServeBenchmark.orderingKeys(event.payload, messageDialog: &messageDialog)
                #expect(!keys.isEmpty)
                for key in keys where key.hasPrefix("d:") {
                    #expect(clientOfDialog[key, default: client] == client, "\(key) is sent by one client")
                    clientOfDialog[key] = client
                }
            }
        }
        #expect(clientOfDialog.count > 50)
    }

    @Test func referenceDataIsStampedWithTheStreamsFirstInstantAndKeepsEverythingElse() throws {
        let lines = try ServeBenchmark.generatedLines(3_000, seed: 5)
        let (reference, _) = ServeBenchmark.partition(lines, clients: 4)
        let first = try #require(ServeBenchmark.instantText(in: lines[0]))
        let decoder = EventDecoder()
        var types: Set<String> = []
        for line in reference {
            #expect(ServeBenchmark.instantText(in: line) == first)
            guard case .success(let event) = decoder.decode(line) else {
                Issue.record("a reference line does not decode")
                continue
            }
            types.insert(event.type.rawValue)
        }
        #expect(types.isSuperset(of: ["store.upserted", "channel.upserted", "user.upserted", "customer.upserted"]))
        #expect(!types.contains("message.received"))
        let line = Array(#"{"id":"e1","type":"clock.tick","at":"2026-10-05T10:00:00+00:00"}"#.utf8)
        #expect(
            String(decoding: ServeBenchmark.restamped(line, at: Array("2026-10-01T00:00:00+00:00".utf8)), as: UTF8.self)
                == #"{"id":"e1","type":"clock.tick","at":"2026-10-01T00:00:00+00:00"}"#
        )
    }
}
