import Testing

@testable import ChatDomain

@Suite struct DomainStateFeatureTests {
    typealias H = DomainHarness

    @Test func privacyGateHoldsNewDialogsUntilAcceptance() {
        var h = H.world()
        h.receive(10, dialog: "before", message: "m0")
        h.accept(
            20,
            H.settings(
                ChatSettingsPatch(defaultResponsible: ["u1"], privacyEnabled: true, privacyExcludedChannels: ["wa"])
            )
        )
        let opened = h.receive(30, message: "m1")
        #expect(
            opened.contains(
                .dialogOpened(
                    dialog: "d1",
                    kind: .customer,
                    channel: "tg",
                    contact: "k1",
                    customer: nil,
                    pendingPrivacy: true
                )
            )
        )
        #expect(!opened.contains { if case .assigned = $0 { true } else { false } })
        #expect(h.dialog("before")?.privacy == .notRequired)
        #expect(h.reject(40, H.send("m2", by: .user("a"))) == .notVisible)
        #expect(h.reject(40, H.assign(to: .user("u1"), by: .user("a"))) == .notVisible)
        #expect(!h.state.isVisible("d1", to: "a"))
        let accepted = h.accept(50, .privacyAccepted(dialog: "d1"))
        #expect(
            accepted == [
                .privacyAccepted(dialog: "d1"),
                .assigned(dialog: "d1", from: .none, to: .user("u1"), by: .system, reason: .defaultResponsible),
            ]
        )
        #expect(h.dialog()?.privacy == .accepted(at: H.time(50)))
        #expect(h.dialog()?.lastActivityAt == H.time(50))
        h.accept(60, H.send("m2", by: .user("u1")))
        #expect(h.reject(70, .privacyAccepted(dialog: "d1")) == .invalidEvent)
        let excluded = h.receive(80, dialog: "d2", message: "m3", channel: "wa")
        #expect(
            excluded.contains { if case .dialogOpened(_, _, _, _, _, let pending) = $0 { !pending } else { false } }
        )
    }

    @Test func defaultResponsibleIsARoundRobinOverActiveUsers() {
        var h = H.world()
        h.accept(5, H.settings(ChatSettingsPatch(defaultResponsible: ["u1", "off", "u2"])))
        var owners: [Responsible] = []
        for index in 0..<4 {
            h.receive(
                Int64(10 + index),
                dialog: DialogID("d\(index)"),
                message: MessageID("m\(index)"),
                contact: ContactID("k\(index)")
            )
            owners.append(h.dialog(DialogID("d\(index)"))?.responsible ?? .none)
        }
        #expect(owners == [.user("u1"), .user("u2"), .user("u1"), .user("u2")])
        #expect(h.state.roundRobinCursor == 3)
    }

    @Test func firstResponderTakesAnUnassignedDialog() {
        var h = H.world()
        h.accept(5, H.settings(ChatSettingsPatch(firstResponderTakesDialog: true)))
        h.receive(10, message: "m1")
        let facts = h.accept(20, H.send("m2", by: .user("u2")))
        #expect(
            facts.contains(.assigned(dialog: "d1", from: .none, to: .user("u2"), by: .system, reason: .firstResponder))
        )
        #expect(h.dialog()?.responsible == .user("u2"))
        // A bot reply does not take it, and later replies do not move it.
        h.receive(30, dialog: "d2", message: "m3", contact: "k2")
        h.accept(40, H.send("m4", in: "d2", by: .bot("b1")))
        #expect(h.dialog("d2")?.responsible == Responsible.none)
    }

    @Test func sendToBlockedContactIsStoredAsFailedAndChangesNothingElse() {
        var h = H.world()
        h.accept(5, H.settings(ChatSettingsPatch(firstResponderTakesDialog: true)))
        h.receive(10, message: "m1")
        #expect(h.accept(20, .contactBlockedBot(dialog: "d1")) == [.botBlocked(dialog: "d1")])
        let facts = h.accept(30, H.send("m2", by: .user("u1")))
        guard case .messageStored(let stored)? = facts.first else {
            Issue.record("no message stored")
            return
        }
        #expect(stored.status == .failed)
        #expect(stored.failureReason == "bot_blocked")
        #expect(facts.count == 1)
        #expect(h.dialog()?.responsible == Responsible.none)
        #expect(h.dialog()?.lastActivityAt == H.time(10))
        let unblocked = h.receive(40, message: "m3")
        #expect(unblocked.contains(.botUnblocked(dialog: "d1")))
        #expect(h.dialog()?.botBlocked == false)
        let delivered = h.accept(50, H.send("m4", by: .user("u1")))
        #expect(delivered.contains { if case .messageStored(let m) = $0 { m.status == .queued } else { false } })
    }

    @Test func draftIsClearedWhenItsUserSendsInTheDialog() {
        var h = H.world()
        h.receive(10, message: "m1")
        h.accept(20, .draftSaved(dialog: "d1", by: "u1", text: "half"))
        h.accept(20, .draftSaved(dialog: "d1", by: "u2", text: "other"))
        let facts = h.accept(30, H.send("m2", by: .user("u1")))
        #expect(facts.last == .draftCleared(dialog: "d1", user: "u1"))
        #expect(h.state.drafts == [DraftKey(dialog: "d1", user: "u2")])
    }

    @Test func quickReplyWithoutTextSendsTheRenderedTemplate() {
        var h = H.world()
        h.accept(
            5,
            .quickReplyUpserted(
                quickReply: "q1",
                by: .user("ca"),
                command: "/hi",
                text: "Hi {{ customer.name }} {{customer.email}}!",
                category: nil
            )
        )
        h.receive(10, message: "m1")
        h.accept(15, .dialogLinked(dialog: "d1", customer: "c1", by: .user("u1")))
        let facts = h.accept(20, H.send("m2", by: .user("u1"), text: nil, quickReply: "q1"))
        guard case .messageStored(let stored)? = facts.first else {
            Issue.record("no message stored")
            return
        }
        #expect(stored.text == "Hi Ann !")
        #expect(stored.quickReply == "q1")
        #expect(QuickReplyTemplate.render("{{ customer.phone }} {{ order.id }}", customer: nil) == " {{ order.id }}")
    }

    @Test func unreadCountsCustomerMessagesAfterTheLastUserMessage() {
        var h = H.world()
        h.receive(10, message: "m1")
        h.receive(11, message: "m2")
        #expect(h.state.unreadCount(of: "d1") == 2)
        h.accept(12, H.send("m3", by: .bot("b1")))
        #expect(h.state.unreadCount(of: "d1") == 2)
        h.accept(13, H.send("m4", by: .user("u1")))
        h.receive(14, message: "m5")
        #expect(h.state.unreadCount(of: "d1") == 1)
    }

    @Test func mergingMovesDialogsAndOrdersToTheSurvivor() {
        var h = H.world()
        h.receive(10, message: "m1")
        h.accept(20, .dialogLinked(dialog: "d1", customer: "c1", by: .user("u1")))
        h.accept(
            30,
            .orderCreated(
                order: "o1",
                number: "1",
                dialog: "d1",
                customer: nil,
                by: .user("u1"),
                items: [OrderLine(offer: "x", quantity: 1, price: Money(cents: 100))],
                delivery: nil
            )
        )
        #expect(h.state.orders["o1"]?.customer == "c1")
        let facts = h.accept(40, .customerMerged(by: .user("a"), customer: "c1", into: "c2"))
        #expect(facts == [.customerMerged(from: "c1", into: "c2", dialogs: ["d1"], orders: ["o1"], by: .user("a"))])
        #expect(h.dialog()?.customer == "c2")
        #expect(h.state.orders["o1"]?.customer == "c2")
        #expect(h.state.contacts[ContactKey(channel: "tg", contact: "k1")]?.customer == "c2")
        #expect(h.state.customers["c1"]?.mergedInto == "c2")
        #expect(h.reject(50, .customerMerged(by: .user("a"), customer: "c1", into: "c2")) == .invalidEvent)
        // Linking to a merged customer binds to the survivor.
        h.receive(60, dialog: "d2", message: "m2", contact: "k2")
        h.accept(70, .dialogLinked(dialog: "d2", customer: "c1", by: .user("a")))
        #expect(h.dialog("d2")?.customer == "c2")
    }

    @Test func chatOrderTakesTheChannelStoreAndRejectsDuplicateOffers() {
        var h = H.world()
        h.receive(10, message: "m1")
        let items = [
            OrderLine(offer: "tea", quantity: 2, price: Money(cents: 1050)),
            OrderLine(offer: "cup", quantity: 1, price: Money(cents: 500)),
        ]
        let facts = h.accept(
            20,
            .orderCreated(
                order: "o1",
                number: "A-1",
                dialog: "d1",
                customer: "c1",
                by: .user("u1"),
                items: items,
                delivery: Delivery(type: "courier", cost: Money(cents: 300))
            )
        )
        #expect(
            facts == [
                .orderCreated(
                    order: "o1",
                    number: "A-1",
                    dialog: "d1",
                    customer: "c1",
                    store: "s1",
                    by: .user("u1"),
                    items: items,
                    delivery: Delivery(type: "courier", cost: Money(cents: 300)),
                    total: Money(cents: 2900)
                )
            ]
        )
        let twice = items + [OrderLine(offer: "tea", quantity: 1, price: Money(cents: 1))]
        #expect(
            h.reject(
                30,
                .orderCreated(
                    order: "o2",
                    number: "A-2",
                    dialog: "d1",
                    customer: nil,
                    by: .user("u1"),
                    items: twice,
                    delivery: nil
                )
            ) == .duplicateOffer
        )
        #expect(h.state.orders["o2"] == nil)
    }

    /// Issue 15, defect 3 (SPEC §1): an order naming a customer not known yet is accepted; the
    /// customer is recorded with its id alone, filled in by a later `customer.upserted`, and a
    /// later merge, link or task naming it works as for any customer.
    @Test func orderNamingAnUnknownCustomerIsAcceptedAndTheCustomerInferred() {
        var h = H.world()
        h.receive(10, message: "m1")
        let items = [OrderLine(offer: "tea", quantity: 1, price: Money(cents: 1290))]
        let facts = h.accept(
            20,
            .orderCreated(
                order: "o1",
                number: "A-1",
                dialog: "d1",
                customer: "c9",
                by: .user("u1"),
                items: items,
                delivery: nil
            )
        )
        #expect(
            facts == [
                .customerUpserted(CustomerState(id: "c9")),
                .orderCreated(
                    order: "o1",
                    number: "A-1",
                    dialog: "d1",
                    customer: "c9",
                    store: "s1",
                    by: .user("u1"),
                    items: items,
                    delivery: nil,
                    total: Money(cents: 1290)
                ),
            ]
        )
        #expect(h.state.customers["c9"] == CustomerState(id: "c9"))
        #expect(h.state.orders["o1"]?.customer == "c9")
        // Another order for it finds it known: nothing inferred twice.
        let second = h.accept(
            25,
            .orderCreated(
                order: "o2",
                number: "A-2",
                dialog: nil,
                customer: "c9",
                by: .user("u1"),
                items: items,
                delivery: nil
            )
        )
        #expect(second.count == 1)
        h.accept(
            30,
            .customerUpserted(
                customer: "c9",
                name: "Nina",
                phone: "+380",
                email: nil,
                address: nil,
                vip: true,
                bad: false
            )
        )
        #expect(h.state.customers["c9"]?.name == "Nina")
        h.accept(40, .dialogLinked(dialog: "d1", customer: "c9", by: .user("u1")))
        #expect(h.dialog()?.customer == "c9")
        h.accept(
            50,
            .taskCreated(
                task: "t1",
                by: .user("u1"),
                text: "call back",
                due: nil,
                responsible: "u1",
                subject: .customer("c9")
            )
        )
        let merged = h.accept(60, .customerMerged(by: .user("a"), customer: "c9", into: "c1"))
        #expect(
            merged == [.customerMerged(from: "c9", into: "c1", dialogs: ["d1"], orders: ["o1", "o2"], by: .user("a"))]
        )
        #expect(h.state.orders["o1"]?.customer == "c1")
    }

    /// An unknown customer merged before anything else names it is still `invalid_event`: only
    /// an order infers a customer.
    @Test func onlyAnOrderInfersACustomer() {
        var h = H.world()
        #expect(h.reject(10, .customerMerged(by: .user("a"), customer: "c8", into: "c1")) == .invalidEvent)
        h.receive(20, message: "m1")
        #expect(h.reject(30, .dialogLinked(dialog: "d1", customer: "c8", by: .user("u1"))) == .invalidEvent)
    }

    @Test func chatOrderOnAnUnmappedChannelIsRejected() {
        var h = H.world()
        h.accept(1, .channelUpserted(channel: "vb", name: "Viber", kind: .viber, store: nil))
        h.receive(10, message: "m1", channel: "vb")
        #expect(
            h.reject(
                20,
                .orderCreated(
                    order: "o1",
                    number: "1",
                    dialog: "d1",
                    customer: nil,
                    by: .user("u1"),
                    items: [],
                    delivery: nil
                )
            ) == .storeMappingIncomplete
        )
    }

    @Test func paymentsMakeTheOrderPartlyThenFullyPaidAndUpdateById() {
        var h = H.world()
        h.accept(
            10,
            .orderCreated(
                order: "o1",
                number: "1",
                dialog: nil,
                customer: "c1",
                by: .user("u1"),
                items: [OrderLine(offer: "x", quantity: 1, price: Money(cents: 1000))],
                delivery: nil
            )
        )
        let first = h.accept(
            20,
            .orderPayment(order: "o1", payment: "p1", method: "card", amount: Money(cents: 400), paid: true)
        )
        #expect(
            first == [
                .paymentUpserted(
                    order: "o1",
                    payment: PaymentState(id: "p1", method: "card", amount: Money(cents: 400), paid: true),
                    paidAmount: Money(cents: 400),
                    paymentStatus: .partial
                )
            ]
        )
        h.accept(30, .orderPayment(order: "o1", payment: "p2", method: "cash", amount: Money(cents: 600), paid: false))
        #expect(h.state.orders["o1"]?.paymentStatus == .partial)
        h.accept(40, .orderPayment(order: "o1", payment: "p2", method: "cash", amount: Money(cents: 600), paid: true))
        #expect(h.state.orders["o1"]?.paymentStatus == .full)
        #expect(h.state.orders["o1"]?.payments.count == 2)
        h.accept(50, .orderStatus(order: "o1", status: "completed", by: .user("u1")))
        h.accept(60, .orderStatus(order: "o1", status: "assembling", by: .user("u1")))
        #expect(h.state.orders["o1"]?.status == "assembling")
        #expect(h.state.orders["o1"]?.isFinal == false)
        #expect(
            h.reject(70, .orderPayment(order: "nope", payment: "p", method: nil, amount: .zero, paid: true))
                == .invalidEvent
        )
    }

    @Test func tasksAreCreatedAndCompleted() {
        var h = H.world()
        h.accept(
            10,
            .taskCreated(
                task: "t1",
                by: .user("u1"),
                text: "call",
                due: H.time(100),
                responsible: "u2",
                subject: .customer("c1")
            )
        )
        #expect(
            h.reject(
                20,
                .taskCreated(task: "t2", by: .user("u1"), text: "x", due: nil, responsible: "ghost", subject: nil)
            ) == .invalidEvent
        )
        #expect(
            h.accept(30, .taskCompleted(task: "t1", by: .user("u2"))) == [.taskCompleted(task: "t1", by: .user("u2"))]
        )
        #expect(h.state.tasks["t1"]?.completedAt == H.time(30))
    }

    @Test func internalThreadsAreInternalDialogsThatNeverAutoClose() {
        var h = H.world()
        let facts = h.accept(10, .internalMessage(thread: "t1", by: "u1", to: ["u2"], message: "i1", text: "psst"))
        #expect(
            facts.first
                == .dialogOpened(
                    dialog: "t1",
                    kind: .internal,
                    channel: nil,
                    contact: nil,
                    customer: nil,
                    pendingPrivacy: false
                )
        )
        #expect(h.dialog("t1")?.participants == ["u1", "u2"])
        #expect(
            h.reject(20, .internalMessage(thread: "t1", by: "nc", to: ["u2"], message: "i2", text: "x"))
                == .noChatAccess
        )
        #expect(h.reject(20, H.send("m1", in: "t1", by: .user("u1"))) == .invalidEvent)
        #expect(h.apply(60 * H.day, .clockTick).facts.isEmpty)
    }

    @Test func restoredStateDecidesLikeTheOriginal() {
        var h = DomainStateAutoCloseTests.hourly()
        h.receive(100, message: "m1")
        h.accept(200, H.send("m2", by: .user("u1")))
        var restored = DomainState()
        for store in h.state.stores.values { restored.insert(store) }
        for channel in h.state.channels.values { restored.insert(channel) }
        for user in h.state.users.values { restored.insert(user) }
        for bot in h.state.bots.values { restored.insert(bot) }
        for version in h.state.chatSettingsHistory { restored.insert(version) }
        for dialog in h.state.dialogs.values { restored.insert(dialog) }
        for (id, message) in h.state.messages { restored.insert(message: id, message) }
        restored.clock = h.state.clock
        restored.roundRobinCursor = h.state.roundRobinCursor
        let tick = EventEnvelope(id: "x", at: H.time(9000), payload: .clockTick, canonicalJSON: "")
        #expect(restored.apply(tick, seq: 99).facts.map(\.at) == [H.time(3800)])
    }
}
