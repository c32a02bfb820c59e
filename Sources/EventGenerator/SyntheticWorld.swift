import Foundation

/// The channel kinds of SPEC §1 that the generated world uses.
enum ChannelKind: String {
    case telegram, whatsapp, viber, instagram, facebook, vk, livechat, sms, email
}

/// A channel of the generated world.
struct ChannelSpec {
    var name: String
    var kind: ChannelKind
    /// 1-based store number.
    var store: Int
    /// Relative share of new dialogs.
    var traffic: Double
    /// The privacy policy holds this channel's new dialogs as `pending` until accepted.
    var privacy: Bool
    /// The chat bot greets every new dialog here.
    var greeting: Bool
}

/// The fixed cast of the generated world: stores, channels, texts and names.
enum SyntheticWorld {
    static let stores = ["Main store", "Outlet", "Wholesale"]

    /// Channel `i` has id `ch<i+1>`.
    static let channels: [ChannelSpec] = [
        ChannelSpec(name: "Telegram shop", kind: .telegram, store: 1, traffic: 22, privacy: false, greeting: true),
        ChannelSpec(name: "WhatsApp", kind: .whatsapp, store: 1, traffic: 25, privacy: false, greeting: false),
        ChannelSpec(name: "Viber", kind: .viber, store: 2, traffic: 8, privacy: false, greeting: false),
        ChannelSpec(name: "Instagram", kind: .instagram, store: 2, traffic: 14, privacy: false, greeting: true),
        ChannelSpec(name: "Site live chat", kind: .livechat, store: 1, traffic: 15, privacy: true, greeting: true),
        ChannelSpec(name: "Support e-mail", kind: .email, store: 3, traffic: 7, privacy: false, greeting: false),
        ChannelSpec(name: "Facebook", kind: .facebook, store: 3, traffic: 4, privacy: true, greeting: false),
        ChannelSpec(name: "VK", kind: .vk, store: 2, traffic: 3, privacy: false, greeting: false),
        ChannelSpec(name: "SMS", kind: .sms, store: 3, traffic: 2, privacy: false, greeting: false),
    ]

    static let firstNames = [
        "Anna", "Ivan", "Maria", "Pedro", "Olena", "Taras", "Lucia", "John", "Emma", "Dmitry", "Sofia", "Carlos",
        "Yulia", "Mark", "Elena", "Oleh", "Laura", "Alex", "Nina", "Javier", "Kate", "Pavel", "Irina", "Diego",
    ]
    static let lastNames = [
        "Ivanova", "Petrov", "Garcia", "Shevchenko", "Smith", "Lopez", "Kovalenko", "Novak", "Brown", "Sokolov",
        "Martinez", "Bondar", "Miller", "Orlova", "Fernandez", "Melnyk", "Wilson", "Kuznetsov", "Torres", "Lysenko",
    ]
    static let cities = ["Moscow", "Kyiv", "Madrid", "Almaty", "Minsk", "Riga", "Warsaw", "Valencia"]
    static let streets = ["Lenina st", "Khreshchatyk", "Gran Via", "Abaya ave", "Brivibas iela", "Marszalkowska"]

    static let customerTexts = [
        "Hello! Is this still in stock?",
        "Hi, I ordered yesterday, when will it ship?",
        "Do you deliver to the suburbs?",
        "How much is delivery?",
        "Can I pay by card on delivery?",
        "I want to return an item",
        "The size M is too small, can I exchange it?",
        "Where is my order??",
        "ok",
        "thanks",
        "And in black?",
        "Is there a discount for two?",
        "Здравствуйте! Подскажите, есть ли в наличии?",
        "Когда будет доставка?",
        "Спасибо, жду",
        "Hola, ¿tienen envío a Valencia?",
        "¿Cuánto cuesta el envío?",
        "Добрий день, чи можна оплатити частинами?",
        "Please call me back",
        "My promo code \"AUTUMN10\" does not work",
        "Can I pick it up today after 18:00?",
        "I got the wrong colour 😕",
        "Send me the invoice please",
        "?",
    ]

    static let managerTexts = [
        "Hello! Yes, it is in stock.",
        "Good afternoon! Let me check your order.",
        "Your order has been shipped, the tracking number is in the e-mail.",
        "Delivery in the city is free from 3000.",
        "Yes, you can pay by card to the courier.",
        "Of course, I will arrange the exchange.",
        "Sorry for the wait! Checking now.",
        "Здравствуйте! Да, есть в наличии.",
        "Доставим завтра с 10 до 18.",
        "¡Hola! Sí, enviamos a toda España.",
        "Добрий день! Так, можна.",
        "Thank you for waiting. Here are the details:\n- size M\n- colour black",
        "Please send a photo of the label.",
        "I have booked it for you until tomorrow.",
    ]

    static let editedTexts = [
        "Hello! Yes, it is in stock (2 left).",
        "Delivery in the city is free from 3000 (Moscow only).",
        "Sorry for the wait! Checking now, one minute.",
    ]

    static let greetingTexts = [
        "Hi! I am the shop bot. A manager will answer you shortly.",
        "Здравствуйте! Менеджер скоро ответит.",
    ]

    static let faqTexts = [
        "Our opening hours are 9:00-21:00. Delivery takes 1-3 days. Type 'manager' to talk to a person.",
        "You can track your order at example.com/track with its number.",
    ]

    static let internalTexts = [
        "Can you take my dialogs after 17:00?",
        "The customer in d-chat asks for a discount, is it ok?",
        "Stock of sku is over, please warn customers",
        "Lunch, back in 30 min",
    ]

    static let draftTexts = ["Hello! ", "Let me check", "Ваш заказ", "Sorry for"]

    /// Quick replies: (command, text, category). Texts use the CRM's substitutions.
    static let quickReplies: [(command: String, text: String, category: String)] = [
        ("/hello", "Hello, {{ customer.name }}! How can I help?", "greeting"),
        ("/thanks", "Thank you for your order, {{ customer.name }}!", "greeting"),
        ("/delivery", "Delivery takes 1-3 days; courier delivery in the city is free from 3000.", "delivery"),
        ("/track", "Your tracking number has been sent to {{ customer.email }}.", "delivery"),
        ("/callback", "We will call you back at {{ customer.phone }} within an hour.", "service"),
        ("/return", "Returns are accepted within 14 days with the receipt.", "service"),
        ("/pay", "You can pay by card online, to the courier, or by bank transfer.", "payment"),
        ("/bye", "Have a nice day! Write to us any time.", "greeting"),
    ]

    /// A long, still valid, outgoing text: about 1,500 characters that are not white space.
    static let longText: String = {
        let paragraph =
            "Terms of return: items may be returned within fourteen days of delivery in original packaging. "
        return String(repeating: paragraph, count: 19)
    }()

    static let attachmentKinds: [(name: String, mime: String, minBytes: Int, maxBytes: Int)] = [
        ("photo.jpg", "image/jpeg", 40_000, 4_500_000),
        ("screenshot.png", "image/png", 80_000, 2_500_000),
        ("invoice.pdf", "application/pdf", 30_000, 900_000),
        ("video.mp4", "video/mp4", 2_000_000, 19_000_000),
        ("voice.ogg", "audio/ogg", 8_000, 600_000),
    ]

    static let deliveryTypes: [(type: StaticString, costCents: Int64)] = [
        ("courier", 35_000), ("pickup", 0), ("post", 29_050),
    ]

    static let paymentMethods: [StaticString] = ["card", "cash", "bank_transfer", "card_online"]

    /// The stable price of offer `sku<offer>` in cents: mostly whole amounts, some `.50`/`.99`.
    static func price(ofOffer offer: Int) -> Int64 {
        let hash = DeterministicRandom.hash(UInt64(offer) &* 7919)
        let whole = Int64(hash % 240 + 3) * 100 - 10
        switch (hash >> 20) % 4 {
        case 0: return whole * 100 + 50
        case 1: return whole * 100 + 99
        default: return whole * 100
        }
    }

    /// A quick reply's text as the customer receives it: the CRM substitutes the customer's
    /// name, e-mail and phone (a lead gets its contact's name and neutral wording).
    static func expand(_ template: String, customer: Int, contact: Int) -> String {
        let name = personName(customer > 0 ? customer : 5_000_000 + contact)
        return template.replacingOccurrences(of: "{{ customer.name }}", with: name)
            .replacingOccurrences(
                of: "{{ customer.email }}",
                with: customer > 0 ? "your e-mail" : "the e-mail you gave us"
            )
            .replacingOccurrences(
                of: "{{ customer.phone }}",
                with: customer > 0 ? "your phone number" : "the number you gave us"
            )
    }

    /// The stable display name of customer (or contact) `number`.
    static func personName(_ number: Int) -> String {
        let hash = DeterministicRandom.hash(UInt64(number))
        return firstNames[Int(hash % UInt64(firstNames.count))] + " "
            + lastNames[Int((hash >> 16) % UInt64(lastNames.count))]
    }
}
