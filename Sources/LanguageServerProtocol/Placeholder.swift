/// Codable LSP message types live with the server for now (see InfillServer/LanguageServer.swift); this module marks the planned boundary.
