namespace PolicyRegister.Domain.Drafts;

// Stored event types: never rename one.

/// <summary>
/// A gazette prepared for import by a clerk: its text as uploaded (the plan is made from it again at approval, by the
/// same parser), the division chosen when the masthead did not settle it, and the entries the clerk left out.
/// </summary>
public sealed record ImportDraftCreated(Guid DraftId, string FileName, string Text, string? Jurisdiction, IReadOnlyList<int> Excluded, string PreparedBy);

public sealed record ImportDraftSubmitted(Guid DraftId, string SubmittedBy);

public sealed record ImportDraftReturned(Guid DraftId, string Comment, string ReturnedBy);

public sealed record ImportDraftApproved(Guid DraftId, string ApprovedBy, int Registered, int Completed, int DecisionsApplied);

public sealed record ImportDraftWithdrawn(Guid DraftId, string WithdrawnBy);

public sealed class ImportDraft : IDraft
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string FileName { get; set; } = "";
    public string Text { get; set; } = "";
    public string? Jurisdiction { get; set; }
    public List<int> Excluded { get; set; } = [];
    public DraftState State { get; set; }
    public string PreparedBy { get; set; } = "";
    public string? SubmittedBy { get; set; }
    public string? ReturnComment { get; set; }
    public string? ApprovedBy { get; set; }

    public static readonly IReadOnlyList<Type> EventTypes =
        [typeof(ImportDraftCreated), typeof(ImportDraftSubmitted), typeof(ImportDraftReturned), typeof(ImportDraftApproved), typeof(ImportDraftWithdrawn)];

    public ImportDraft When(object @event)
    {
        switch (@event)
        {
            case ImportDraftCreated e:
                (Id, FileName, Text, Jurisdiction, Excluded, PreparedBy, State) = (e.DraftId, e.FileName, e.Text, e.Jurisdiction, [.. e.Excluded], e.PreparedBy, DraftState.Editing);
                break;
            case ImportDraftSubmitted e: (State, SubmittedBy, ReturnComment) = (DraftState.Submitted, e.SubmittedBy, null); break;
            case ImportDraftReturned e: (State, ReturnComment) = (DraftState.Returned, e.Comment); break;
            case ImportDraftApproved e: (State, ApprovedBy) = (DraftState.Approved, e.ApprovedBy); break;
            case ImportDraftWithdrawn: State = DraftState.Withdrawn; break;
        }
        return this;
    }

    public IEnumerable<string> Authors() => new[] { PreparedBy, SubmittedBy }.OfType<string>().Distinct();
}
