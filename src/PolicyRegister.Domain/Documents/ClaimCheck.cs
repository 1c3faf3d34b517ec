namespace PolicyRegister.Domain.Documents;

/// <summary>Whether another source's status label agrees with the register's own answer on the claim's date.</summary>
public static class ClaimCheck
{
    /// <summary>The register's answer on a date, in the claim's terms; null when the register does not know (Unknown).</summary>
    public static ClaimedStatus? RegisterSays(Document doc, DateOnly on)
    {
        var answer = Validity.On(doc, on);
        return answer.Status switch
        {
            ValidityStatus.InForce => answer.PartiallyEnded ? ClaimedStatus.PartiallyInForce : ClaimedStatus.InForce,
            ValidityStatus.Unknown => null,
            _ => ClaimedStatus.NotInForce,
        };
    }

    /// <summary>An open claim the register's answer does not match (an unknown status never matches: a person must look).</summary>
    public static bool Disagrees(Document doc, Claim claim) =>
        claim.SettledNote is null && RegisterSays(doc, claim.ClaimedOn) != claim.Status;

    public static IEnumerable<Claim> Open(Document doc) => doc.Claims.Where(c => c.SettledNote is null);
}
