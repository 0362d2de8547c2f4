import Accounts
import EventLog
import Hummingbird

/// Signing in for a token (`POST login`, limited per account and address), who am I (`GET me`), and the accounts as
/// known at a point (`GET accounts`, owners).
struct AccountRoutes<Context: APIRequestContext> {
    let services: APIServices

    func register(on group: RouterGroup<Context>) {
        group.post("login") { request, context in try await login(request, context: context) }
        group.get("me") { request, context in
            let principal = try context.require(.readFigures)
            _ = try QueryParameters(request, allowed: [])
            return Reply.json([
                "account": .string(principal.account), "role": .string(principal.role.rawValue),
                "permissions": .array(Permission.allCases.filter(principal.may).map { .string($0.rawValue) }),
            ])
        }
        group.get("accounts") { request, context in
            _ = try context.require(.manageAccounts)
            let scope = try QueryParameters(request, allowed: ["asOf", "asOfSeq"]).scope()
            let accounts = services.accounts
            let ledger = try await services.blocking.run { try accounts.ledger(asOf: scope.knowledgePoint) }
            return Reply.json(AccessLedgerJSON.json(ledger))
        }
    }

    /// `{"account": …, "password": …, "label": …}` → a new API token for the account, once.
    func login(_ request: Request, context: Context) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let body = try await BodyReader.read(request, limit: 4096)
        guard let json = try? JSONParser.parse(body), let account = json["account"]?.stringValue,
            let password = json["password"]?.stringValue, json.objectValue?.keys.allSatisfy(["account", "password", "label"].contains) == true,
            json["label"].map({ $0.stringValue != nil }) ?? true
        else {
            throw Problem(.badRequest, "malformed-login", title: "Send account and password",
                          detail: "The body is a JSON object: {\"account\": NAME, \"password\": PASSWORD, \"label\": TEXT (optional)}.")
        }
        let label = json["label"]?.stringValue.map { String($0.prefix(200)) }
        let address = context.clientAddress
        let throttle = services.throttle
        // The slot is taken before bcrypt runs: guesses sent at once are counted as they arrive.
        let reservation: SignInThrottle.Reservation
        do {
            reservation = try throttle.reserve(account: account, address: address)
        } catch let refusal as SignInThrottle.Refusal {
            throw Problem.tooManyAttempts(refusal)
        }
        let (accounts, logins) = (services.accounts, services.logins)
        let outcome = try await services.blocking.checkingPassword(for: address) { () -> LoginOutcome in
            // Read before the password is checked: a token is issued only while these credentials hold (red team 7:
            // login-during-password-change-outlives-it).
            let generation = try accounts.generation(of: account)
            guard let principal = try accounts.authenticate(account: account, password: password), let generation
            else { return .wrongPassword }
            // Only now, the password right: nobody else can use up the account's tokens.
            let place: Double
            do {
                place = try logins.take(account: account)
            } catch let refusal as LoginTokenLimit.Refusal {
                return .tooManyTokens(refusal.retryAfter)
            }
            do {
                return .issued(try accounts.issueToken(for: account, label: label ?? "login", via: EventVia.server,
                                                       clock: .system, underGeneration: generation), principal)
            } catch {
                logins.giveBack(account: account, time: place)
                if error is AccountError { return .wrongPassword }
                if let refusal = error as? StoreError, case .rejected(let problems) = refusal { return .labelRefused(problems) }
                throw error
            }
        }
        let token: String, principal: Principal
        switch outcome {
        case .wrongPassword:
            throw Problem(.unauthorized, "bad-credentials", title: "Wrong account or password",
                          detail: "The account does not exist, has no access, or the password is wrong.")
        case .tooManyTokens(let wait):
            throttle.succeeded(reservation)
            throw Problem.tooManyTokens(retryAfter: wait, perWindow: logins.perWindow)
        case .labelRefused(let problems):
            throttle.succeeded(reservation)
            throw Problem(.unprocessableContent, "invalid-label", title: "The label is not accepted",
                          detail: "The log refuses the label; nothing was written and no token issued. Send another label.",
                          extra: ["problems": .array(problems.map { problem in
                              var members: [String: JSONValue] = ["path": .string("label"), "rule": .string(problem.rule)]
                              if let value = problem.value { members["value"] = .string(value) }
                              return .object(members)
                          })])
        case .issued(let issued, let who):
            (token, principal) = (issued, who)
        }
        throttle.succeeded(reservation)
        return Reply.json(["token": .string(token), "account": .string(principal.account),
                           "role": .string(principal.role.rawValue)], status: .created)
    }
}

/// What a sign-in for a token came to, once its password was checked.
private enum LoginOutcome: Sendable {
    case wrongPassword
    case tooManyTokens(Int)
    case labelRefused([DraftProblem])
    case issued(String, Principal)
}
