using System.Net;
using System.Text.Json;

namespace PromptStack.IntegrationTests.Infrastructure;

public static class ProblemAssert
{
    /// <summary>Checks an RFC 9457 answer: status, content type, the standard members and a trace id.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? title = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("type").GetString()));
        Assert.True(problem.TryGetProperty("detail", out _), "problem without detail");
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("traceId").GetString()));
        if (title is not null)
        {
            Assert.Equal(title, problem.GetProperty("title").GetString());
        }

        return problem;
    }
}
