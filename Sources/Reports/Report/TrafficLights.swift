/// The traffic lights of the overview: one per control point, by how it stands in the period — green utan
/// anmärkning, amber mindre anmärkning, red med anmärkning, grey ej bedömd, ej aktuell or ej genomförd (the last
/// with a red ring: it was due).
enum TrafficLights {
    /// The light of a standing (``Projections/ControlState/standing``): green, amber, red or grey.
    static func light(_ standing: String) -> String {
        switch standing {
        case "satisfactory": "green"
        case "partly-satisfactory": "amber"
        case "unsatisfactory": "red"
        default: "grey"
        }
    }

    static let colours = ["green": "#2e7d32", "amber": "#e0a100", "red": "#c62828", "grey": "#9e9e9e"]

    static func word(_ light: String, _ language: Language) -> String {
        let words = ["green": ("grön", "green"), "amber": ("gul", "amber"), "red": ("röd", "red"), "grey": ("grå", "grey")]
        return words[light].map { language == .sv ? $0.0 : $0.1 } ?? light
    }

    /// A round light as inline SVG, with its word as the accessible name.
    static func dot(_ standing: String, language: Language) -> String {
        let light = light(standing)
        let ring = standing == "not-performed" ? " stroke=\"#c62828\" stroke-width=\"2.5\"" : ""
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\" width=\"14\" height=\"14\" role=\"img\" "
            + "aria-label=\"\(word(light, language))\"><circle cx=\"8\" cy=\"8\" r=\"6.5\" fill=\"\(colours[light] ?? "#9e9e9e")\"\(ring)/></svg>"
    }
}
