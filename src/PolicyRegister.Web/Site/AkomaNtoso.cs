using System.Xml.Linq;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Texts;

namespace PolicyRegister.Web.Site;

/// <summary>
/// A document as Akoma Ntoso (OASIS LegalDocML 1.0): an `act` for a rule or normative document, with FRBR work,
/// expression and manifestation identifiers built on the permanent URI, the lifecycle as `eventRef`s (issuance,
/// effect, amendments, repeal or invalidity, lapse) and the body as chapters, articles, paragraphs and points.
/// The OASIS schema is not shipped here, so the suite checks the structure the schema requires of these elements.
/// </summary>
public static class AkomaNtoso
{
    public static readonly XNamespace Ns = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

    public static XDocument Export(Document doc, IReadOnlyList<JasperFx.Events.IEvent> events, TextTree? text, DateOnly? textDate, Func<string, string> absolute)
    {
        var work = absolute(Eli.Of(doc));
        var expression = textDate is { } d ? absolute(Eli.OnDate(Eli.Of(doc), d)) : work;
        var signed = doc.SignedOn?.ToString("yyyy-MM-dd") ?? "0001-01-01";
        var lifecycle = new List<XElement>();
        var n = 0;
        void Event(DateOnly? on, string type, string source)
        {
            if (on is { } date) lifecycle.Add(new XElement(Ns + "eventRef", new XAttribute("eId", $"evt_{++n}"), new XAttribute("date", date.ToString("yyyy-MM-dd")),
                new XAttribute("type", type), new XAttribute("source", source)));
        }
        Event(doc.SignedOn, "generation", "#register");
        Event(doc.EffectiveOn, "generation", "#register");
        foreach (var e in events)
            switch (e.Data)
            {
                case DocumentAmended a: Event(a.On, "amendment", "#register"); break;
                case DocumentRepealed r: Event(r.On, "repeal", "#register"); break;
                case DocumentDeclaredInvalid i: Event(i.On, "repeal", "#register"); break;
                case TermLapsed l: Event(l.On, "repeal", "#register"); break;
            }
        if (lifecycle.Count == 0) lifecycle.Add(new XElement(Ns + "eventRef", new XAttribute("eId", "evt_1"), new XAttribute("date", signed), new XAttribute("type", "generation"), new XAttribute("source", "#register")));

        XElement Frbr(string level, string uri, string date, string dateName, bool language) => new(Ns + level,
            new XElement(Ns + "FRBRthis", new XAttribute("value", uri)),
            new XElement(Ns + "FRBRuri", new XAttribute("value", uri)),
            new XElement(Ns + "FRBRdate", new XAttribute("date", date), new XAttribute("name", dateName)),
            new XElement(Ns + "FRBRauthor", new XAttribute("href", "#register")),
            language ? new XElement(Ns + "FRBRlanguage", new XAttribute("language", "zho")) : null,
            level == "FRBRWork" ? new XElement(Ns + "FRBRcountry", new XAttribute("value", "cn")) : null,
            level == "FRBRWork" && doc.Number is { } number ? new XElement(Ns + "FRBRnumber", new XAttribute("value", number)) : null);

        var body = new XElement(Ns + "body");
        if (text is not null) foreach (var part in text.Parts) body.Add(Part(part));
        if (!body.HasElements) body.Add(new XElement(Ns + "paragraph", new XAttribute("eId", "para_1"), new XElement(Ns + "content", new XElement(Ns + "p", doc.Title))));

        return new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement(Ns + "akomaNtoso",
            new XElement(Ns + "act", new XAttribute("name", doc.Kind == DocumentKind.Rule ? "rule" : "normativeDocument"),
                new XElement(Ns + "meta",
                    new XElement(Ns + "identification", new XAttribute("source", "#register"),
                        Frbr("FRBRWork", work, signed, "signature", false),
                        Frbr("FRBRExpression", $"{expression}/zho", textDate?.ToString("yyyy-MM-dd") ?? signed, "version", true),
                        Frbr("FRBRManifestation", $"{expression}/zho/data.akn.xml", textDate?.ToString("yyyy-MM-dd") ?? signed, "export", false)),
                    new XElement(Ns + "lifecycle", new XAttribute("source", "#register"), lifecycle),
                    new XElement(Ns + "references", new XAttribute("source", "#register"),
                        new XElement(Ns + "TLCOrganization", new XAttribute("eId", "register"), new XAttribute("href", absolute("/")), new XAttribute("showAs", "规范性文件效力登记簿")))),
                new XElement(Ns + "preface", new XElement(Ns + "p", new XElement(Ns + "docTitle", doc.Title), doc.Number is null ? null : new XElement(Ns + "docNumber", doc.Number))),
                body)));
    }

    private static XElement Part(TextPart part)
    {
        var name = part.Kind switch
        {
            PartKind.Book => "book", PartKind.Chapter => "chapter", PartKind.Section => "section", PartKind.Article => "article",
            PartKind.Paragraph => "paragraph", PartKind.Item or PartKind.Point or PartKind.Subpoint => "point", PartKind.Annex => "hcontainer", _ => "hcontainer",
        };
        var element = new XElement(Ns + name, new XAttribute("eId", part.Id));
        if (part.Kind is PartKind.Annex or PartKind.Preamble) element.Add(new XAttribute("name", part.Kind == PartKind.Annex ? "annex" : "preamble"));
        if (part.Number.Length > 0) element.Add(new XElement(Ns + "num", part.Number));
        if (part.Heading.Length > 0) element.Add(new XElement(Ns + "heading", part.Heading));
        if (part.Children.Count > 0)
        {
            // A part with words and parts below: its own words are the intro, the parts follow.
            if (part.Text.Length > 0) element.Add(new XElement(Ns + "intro", new XElement(Ns + "p", part.Text)));
            foreach (var child in part.Children) element.Add(Part(child));
        }
        else element.Add(new XElement(Ns + "content", part.Text.Split('\n').Select(p => new XElement(Ns + "p", p))));
        return element;
    }
}
