import ChildProcesses
import Foundation
import Testing

/// Programs started and reaped without a run loop: statuses, signals, output, time limits.
@Suite struct ChildProcessTests {
    @Test func theExitStatusAndBothStreamsAreReturned() throws {
        let finished = try ChildProcess.run(["/bin/sh", "-c", "printf out; printf err >&2; exit 3"])
        #expect(finished.status == 3)
        #expect(finished.exit.signal == nil)
        #expect(finished.standardOutput == "out")
        #expect(finished.standardError == "err")
    }

    /// A child that only computes reports CPU time of the order of its run; one that sleeps, almost none.
    @Test func theCPUAChildUsedIsReported() throws {
        let busy = try ChildProcess.run(["/bin/sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done"])
        #expect(busy.exit.cpuSeconds > 0.05)
        let idle = try ChildProcess.run(["/bin/sleep", "0.3"])
        #expect(idle.exit.cpuSeconds < busy.exit.cpuSeconds)
    }

    @Test func standardErrorMergedIntoOutputKeepsTheOrder() throws {
        let finished = try ChildProcess.run(["/bin/sh", "-c", "echo a; echo b >&2; echo c"], error: .mergeIntoOutput)
        #expect(finished.standardOutput == "a\nb\nc\n")
        #expect(finished.standardError == "")
    }

    @Test func theEnvironmentGivenIsTheChildsWholeEnvironment() throws {
        let finished = try ChildProcess.run(["/usr/bin/env"], environment: ["ONLY": "this"])
        #expect(finished.standardOutput == "ONLY=this\n")
    }

    @Test func aProgramLookedUpOnPathThatDoesNotExistIsOneSentence() throws {
        #expect(throws: ChildProcess.Failure.self) { try ChildProcess.start(["chatsla-no-such-program"]) }
    }

    @Test func aSignalledChildReportsTheSignalAndTheShellsStatus() throws {
        let child = try ChildProcess.start(["/bin/sleep", "30"], output: .discard)
        #expect(child.isRunning)
        child.signal(SIGTERM)
        let exit = try child.wait(timeout: .seconds(30))
        #expect(exit.signal == SIGTERM)
        #expect(exit.status == 128 + SIGTERM)
        #expect(!child.isRunning)
        // Waiting again answers the same end; signalling a reaped child does nothing.
        child.signal(SIGKILL)
        #expect(try child.wait() == exit)
    }

    @Test func aChildPastItsTimeLimitIsKilledAndNamed() throws {
        let started = ContinuousClock.now
        let error = #expect(throws: ChildProcess.Failure.self) {
            try ChildProcess.run(["/bin/sleep", "30"], timeout: .milliseconds(200))
        }
        #expect(error?.description.hasPrefix("/bin/sleep did not end within") == true)
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    /// The case that hung Foundation's `Process.waitUntilExit()`: many short children, waited for
    /// from many threads at once.
    @Test func manyShortChildrenWaitedForFromManyThreadsAllEnd() async throws {
        try await withThrowingTaskGroup(of: Int32.self) { group in
            for index in 0..<200 {
                group.addTask { try ChildProcess.run(["/bin/sh", "-c", "exit \(index % 7)"]).status }
            }
            var total: Int32 = 0
            for try await status in group { total += status }
            #expect(total == (0..<200).reduce(0) { $0 + Int32($1 % 7) })
        }
    }
}
