import Web

/// The web pages see the server's context as theirs: the session middleware sets ``ServerContext/identity`` as the
/// token middleware does, so the API's and the pages' permission checks read the same principal.
extension ServerContext: WebRequestContext {}
