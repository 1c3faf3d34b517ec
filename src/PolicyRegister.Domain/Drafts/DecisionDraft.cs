using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;

namespace PolicyRegister.Domain.Drafts;

// Stored event types: never rename one.

/// <summary>What a draft decision says, as the clerk prepared it: the decision and its rows, with any row confirmations.</summary>
public sealed record DraftContent(
    string Number, string Title, IReadOnlyList<string> Issuers, string Jurisdiction, DateOnly? SignedOn, EffectiveRule Rule, DateOnly? EffectiveOn,
    Publication? Publication, string? Addressees, string? Body, IReadOnlyList<DecisionItem> Items, IReadOnlyList<ItemResolution> Resolutions);

public sealed record DecisionDraftCreated(Guid DraftId, DraftContent Content, string PreparedBy);

public sealed record DecisionDraftEdited(Guid DraftId, DraftContent Content, string EditedBy);

public sealed record DecisionDraftSubmitted(Guid DraftId, string SubmittedBy);

public sealed record DecisionDraftReturned(Guid DraftId, string Comment, string ReturnedBy);

/// <summary>A reviewer other than the one who prepared or submitted it approved the draft; the decision was applied with it.</summary>
public sealed record DecisionDraftApproved(Guid DraftId, Guid DecisionId, string ApprovedBy);

public sealed record DecisionDraftWithdrawn(Guid DraftId, string WithdrawnBy);

public enum DraftState { Editing, Submitted, Returned, Approved, Withdrawn }

/// <summary>What the workflow rules read of any draft (a decision, an import plan).</summary>
public interface IDraft
{
    DraftState State { get; }

    /// <summary>Everyone whose hand is in the draft: none of them may approve it (four eyes).</summary>
    IEnumerable<string> Authors();
}

/// <summary>One draft decision's stream, folded (state only).</summary>
public sealed class DecisionDraft : IDraft
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public DraftContent? Content { get; set; }
    public DraftState State { get; set; }
    public string PreparedBy { get; set; } = "";
    public List<string> EditedBy { get; set; } = [];
    public string? SubmittedBy { get; set; }
    public string? ReturnComment { get; set; }
    public string? ReturnedBy { get; set; }
    public string? ApprovedBy { get; set; }
    public Guid? DecisionId { get; set; }

    /// <summary>For the review queue: the draft's number and jurisdiction, queryable on the snapshot.</summary>
    public string Number { get => Content?.Number ?? ""; set { } }
    public string Jurisdiction { get => Content?.Jurisdiction ?? ""; set { } }

    public static readonly IReadOnlyList<Type> EventTypes =
    [
        typeof(DecisionDraftCreated), typeof(DecisionDraftEdited), typeof(DecisionDraftSubmitted), typeof(DecisionDraftReturned),
        typeof(DecisionDraftApproved), typeof(DecisionDraftWithdrawn),
    ];

    public DecisionDraft When(object @event)
    {
        switch (@event)
        {
            case DecisionDraftCreated e: (Id, Content, PreparedBy, State) = (e.DraftId, e.Content, e.PreparedBy, DraftState.Editing); break;
            case DecisionDraftEdited e:
                Content = e.Content;
                if (!EditedBy.Contains(e.EditedBy)) EditedBy.Add(e.EditedBy);
                break;
            case DecisionDraftSubmitted e: (State, SubmittedBy, ReturnComment) = (DraftState.Submitted, e.SubmittedBy, null); break;
            case DecisionDraftReturned e: (State, ReturnComment, ReturnedBy) = (DraftState.Returned, e.Comment, e.ReturnedBy); break;
            case DecisionDraftApproved e: (State, ApprovedBy, DecisionId) = (DraftState.Approved, e.ApprovedBy, e.DecisionId); break;
            case DecisionDraftWithdrawn: State = DraftState.Withdrawn; break;
        }
        return this;
    }

    /// <summary>Everyone whose hand is in the draft: none of them may approve it (four eyes).</summary>
    public IEnumerable<string> Authors() => new[] { PreparedBy, SubmittedBy }.Concat(EditedBy).OfType<string>().Distinct();
}

/// <summary>The workflow of a draft: who may do what, in which state. Each returns null when allowed.</summary>
public static class DraftRules
{
    public static RuleViolation? CanEdit(IDraft d) =>
        d.State is DraftState.Editing or DraftState.Returned ? null
        : new("state", $"草稿已{Label(d.State)}，不能再修改 (a draft that is {d.State} cannot be edited)");

    public static RuleViolation? CanSubmit(IDraft d) =>
        d.State is DraftState.Editing or DraftState.Returned ? null
        : new("state", $"草稿已{Label(d.State)}，不能提交 (a draft that is {d.State} cannot be submitted)");

    public static RuleViolation? CanReturn(IDraft d) =>
        d.State == DraftState.Submitted ? null : new("state", $"只有已提交的草稿可以退回 (only a submitted draft can be returned; it is {d.State})");

    public static RuleViolation? CanWithdraw(IDraft d) =>
        d.State is DraftState.Approved or DraftState.Withdrawn
            ? new("state", $"草稿已{Label(d.State)}，不能撤回 (a draft that is {d.State} cannot be withdrawn)")
            : null;

    /// <summary>Four eyes: a submitted draft, approved by someone who neither prepared, edited nor submitted it.</summary>
    public static RuleViolation? CanApprove(IDraft d, string approver)
    {
        if (d.State != DraftState.Submitted) return new("state", $"只有已提交的草稿可以批准 (only a submitted draft can be approved; it is {d.State})");
        if (d.Authors().Contains(approver, StringComparer.OrdinalIgnoreCase))
            return new("approver", $"拟稿、修改或提交该草稿的人员（{approver}）不能批准它：须由另一名审核人员批准 (four eyes: the author cannot approve)");
        return null;
    }

    public static string Label(DraftState s) => s switch
    {
        DraftState.Editing => "起草中",
        DraftState.Submitted => "提交审核",
        DraftState.Returned => "退回修改",
        DraftState.Approved => "批准执行",
        _ => "撤回",
    };
}
