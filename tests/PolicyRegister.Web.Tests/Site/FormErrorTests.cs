using System.Net;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Site;

/// <summary>A form's errors come all at once, summarised at the top and tied to their inputs.</summary>
[Collection(RegisterCollection.Name)]
public class FormErrorTests(RegisterApp app)
{
    [Fact]
    public async Task when_a_registration_form_has_several_mistakes_they_should_all_be_shown_at_once_and_tied_to_their_inputs()
    {
        var browser = StaffClient.Browser(app);
        await StaffClient.SignIn(browser, RegisterApp.StaffClerk.User, RegisterApp.StaffClerk.Password);
        var token = StaffClient.Token(await browser.GetStringAsync("/staff/documents/new"));
        var response = await browser.PostAsync("/staff/documents/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["number"] = "关于某事的通知", ["jurisdiction"] = "", ["title"] = "关于某事的通知",
            ["issuers"] = "某某县人民政府", ["kind"] = "normative", ["signedOn"] = "2024-13-45", ["effectiveRule"] = "date", ["reason"] = "",
        }));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var page = await response.Content.ReadAsStringAsync();
        page.Should().Contain("class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus");
        // The bad date, the bad number, the missing jurisdiction and the missing reason, in one answer.
        foreach (var field in new[] { "number", "jurisdiction", "signedOn", "reason" })
        {
            page.Should().Contain($"href=\"#{field}\"", $"the summary links to {field}");
            page.Should().Contain($"aria-describedby=\"{field}-error\"").And.Contain($"id=\"{field}-error\"");
        }
        page.Should().Contain("aria-invalid=\"true\"");
    }
}
