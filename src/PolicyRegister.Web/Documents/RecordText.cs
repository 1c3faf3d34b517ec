using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Texts;
using PolicyRegister.Web.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace PolicyRegister.Web.Documents;

/// <summary>The document's text (UTF-8, as published or as amended), applying from <paramref name="EffectiveOn"/> (null: from the document's effective date).</summary>
public sealed record RecordText(long Version, string? Text, DateOnly? EffectiveOn, TextSource? Source, string? Reason) : IDocumentCommand;

/// <summary>What was recorded, and what the structure found doubtful (numbering that jumps or goes back): recorded, with warnings.</summary>
public sealed record TextRecordedAnswer(Guid Id, long Version, int TextVersion, int Articles, IReadOnlyList<TextWarning> Warnings);

public static class RecordTextEndpoint
{
    /// <summary>A normative document runs to tens of thousands of characters; a million is room for the longest rule and its annexes.</summary>
    public const int MaxCharacters = 1_000_000;

    public static ProblemDetails Validate(RecordText cmd, Document document) =>
        Lifecycle.Check([DocumentInputs.CheckText(cmd.Text, "text", int.MaxValue), DocumentInputs.CheckDate(cmd.EffectiveOn, "effectiveOn", required: false),
                DocumentInputs.CheckText(cmd.Source?.Gazette, "source.gazette", 200, required: false), DocumentInputs.CheckText(cmd.Source?.Url, "source.url", 500, required: false)],
            () => cmd.Text!.Length > MaxCharacters
                ? new RuleViolation("text", $"全文最多{MaxCharacters:N0}个字符，本文{cmd.Text.Length:N0}个 (a text may have at most {MaxCharacters:N0} characters)")
                : null);

    /// <summary>The versions of the text held before this one (the texts' own table keeps them; the document does not count them).</summary>
    public static async Task<TextsHeld> LoadAsync(Guid documentId, IQuerySession session, CancellationToken token) =>
        new(await DocumentTextProjection.Count(session, documentId, token));

    [WolverinePost("/api/documents/{documentId}/text"), Authorize(Policy = Policies.Write)]
    public static (IResult, Events) Post(RecordText cmd, [WriteAggregate] Document document, TextsHeld held)
    {
        var text = cmd.Text!.Replace("\r\n", "\n").Trim('\n');
        var tree = TextStructure.Parse(text);
        var answer = new TextRecordedAnswer(document.Id, cmd.Version + 1, held.Count + 1,
            tree.All().Count(p => p.Kind == PartKind.Article), tree.Warnings);
        return (Results.Ok(answer), new Events { new TextRecorded(text, cmd.EffectiveOn, cmd.Source) });
    }
}

/// <summary>How many versions of a document's text the register holds.</summary>
public sealed record TextsHeld(int Count);

/// <summary>One version of a document's text, kept beside the document (the snapshot stays small). Keyed by the event's place in the stream.</summary>
public sealed class DocumentText
{
    public string Id { get; set; } = "";
    public Guid DocumentId { get; set; }
    public long StreamVersion { get; set; }
    public string Text { get; set; } = "";
    public DateOnly? EffectiveOn { get; set; }
    public TextSource? Source { get; set; }
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>The bigram keys of the text (<see cref="SearchKeys"/>): a column with a GIN index, derived at each write, never in the JSON.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int[] SearchKeys => Domain.Texts.SearchKeys.Of(Text);
}

public sealed partial class DocumentTextProjection : Marten.Events.Projections.EventProjection
{
    public DocumentTextProjection() => IncludeType<TextRecorded>();

    public override ValueTask ApplyAsync(IDocumentOperations operations, JasperFx.Events.IEvent e, CancellationToken token)
    {
        if (e.Data is TextRecorded t)
            operations.Store(new DocumentText
            {
                Id = $"{e.StreamId}:{e.Version}", DocumentId = e.StreamId, StreamVersion = e.Version, Text = t.Text, EffectiveOn = t.EffectiveOn,
                Source = t.Source, RecordedAt = e.Timestamp,
            });
        return ValueTask.CompletedTask;
    }

    /// <summary>How many versions of a document's text the register holds (through the index on the document's id).</summary>
    public static Task<int> Count(IQuerySession session, Guid documentId, CancellationToken token) =>
        session.Query<DocumentText>().CountAsync(x => x.DocumentId == documentId, token);

    /// <summary>The versions of a document's text, oldest first, and the one that applies on a date (null: none recorded).</summary>
    public static async Task<(IReadOnlyList<DocumentText> Versions, DocumentText? OnDate)> For(IQuerySession session, Guid documentId, DateOnly on, CancellationToken token)
    {
        var versions = await session.Query<DocumentText>().Where(x => x.DocumentId == documentId).OrderBy(x => x.StreamVersion).ToListAsync(token);
        var applying = versions.LastOrDefault(v => v.EffectiveOn is null || v.EffectiveOn <= on) ?? versions.FirstOrDefault();
        return (versions, applying);
    }
}
