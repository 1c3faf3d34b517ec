using PolicyRegister.Domain.Drafts;
using PolicyRegister.Web.Decisions;
using PolicyRegister.Web.Documents;

namespace PolicyRegister.Web.Drafts;

/// <summary>A draft's content to and from the decision body the API takes: the same fields, checked by the same rules.</summary>
public static class DraftInputs
{
    public static DraftContent Content(DecisionInput d) => new(
        Domain.Numbers.DocumentNumber.Parse(d.Number).Canonical, d.Title!.Trim(), [.. d.Issuers!.Select(i => i.Trim())],
        DocumentInputs.JurisdictionCode(d.Jurisdiction), d.SignedOn, DecisionInputs.Rule(d), d.Effective?.On, d.Publication,
        string.IsNullOrWhiteSpace(d.Addressees) ? null : d.Addressees.Trim(), string.IsNullOrWhiteSpace(d.Body) ? null : d.Body.Trim(),
        DecisionInputs.Items(d), DecisionInputs.Resolutions(d));

    /// <summary>The decision a draft would apply, with its author's reason.</summary>
    public static ApplyDecision Command(DraftContent c, string reason) => new()
    {
        Number = c.Number, Title = c.Title, Issuers = c.Issuers, Jurisdiction = c.Jurisdiction, SignedOn = c.SignedOn,
        Effective = c.Rule == Domain.Documents.EffectiveRule.Date ? new EffectiveInput(c.EffectiveOn, null) : new EffectiveInput(null, c.Rule),
        Publication = c.Publication, Addressees = c.Addressees, Body = c.Body, Reason = reason,
        Items = [.. c.Items.Select(i =>
        {
            var resolution = c.Resolutions.FirstOrDefault(r => r.Seq == i.Seq && r.Action == i.Action);
            return new DecisionItemInput(i.Action, i.Seq, i.Title, i.Number, i.EffectiveOn, i.Note, resolution?.DocumentId, resolution?.CreateNew ?? false,
                i.Verb, i.ReasonText, i.Scope, i.Reference, i.EndedBy);
        })],
    };
}
