using Microsoft.AspNetCore.Http;
using PromptStack.Web.Features.Preview;

namespace PromptStack.UnitTests.Preview;

public sealed class PreviewHeadersTests
{
    [Theory]
    [InlineData("content-type", "application/json", true)]
    [InlineData("Cache-Control", "no-store", true)]
    [InlineData("x-app-version", "3", true)]
    [InlineData("access-control-allow-origin", "*", true)]
    [InlineData("location", "/preview/x/done", true)]
    [InlineData("location", "todos/1", true)]
    [InlineData("location", "https://platform.example/preview/x/", true)]
    [InlineData("location", "https://evil.example/", false)]
    [InlineData("location", "//evil.example/", false)]
    [InlineData("location", "/\\evil.example/", false)]
    [InlineData("location", "javascript:alert(1)", false)]
    [InlineData("set-cookie", "session=1", false)]
    [InlineData("Set-Cookie", "session=1", false)]
    [InlineData("content-security-policy", "default-src *", false)]
    [InlineData("strict-transport-security", "max-age=0", false)]
    [InlineData("access-control-allow-credentials", "true", false)]
    [InlineData("www-authenticate", "Basic realm=x", false)]
    [InlineData("x-frame-options", "ALLOWALL", false)]
    [InlineData("x-forwarded-host", "evil.example", false)]
    [InlineData("transfer-encoding", "chunked", false)]
    [InlineData("connection", "close", false)]
    [InlineData("x-app", "line\r\nset-cookie: a=1", false)]
    [InlineData("x-app", "café", false)]
    [InlineData("x app", "1", false)]
    public void IsAllowed_ResponseHeader_FollowsAllowList(string name, string value, bool allowed)
    {
        var request = new DefaultHttpContext().Request;
        request.Scheme = "https";
        request.Host = new HostString("platform.example");

        Assert.Equal(allowed, PreviewHeaders.IsAllowed(name, value, request));
    }

    [Fact]
    public void ForEvent_PlatformCredentialsAndProxyHeaders_AreDropped()
    {
        var headers = new HeaderDictionary
        {
            ["Cookie"] = "ps_preview=token", ["Authorization"] = "Bearer token", ["Proxy-Authorization"] = "Basic x",
            ["X-Forwarded-For"] = "10.0.0.1", ["X-Forwarded-Proto"] = "https", ["Forwarded"] = "for=10.0.0.1",
            ["Content-Type"] = "application/json", ["X-Request-Id"] = "abc",
        };

        var kept = PreviewHeaders.ForEvent(headers);

        Assert.Equal(["content-type", "x-request-id"], kept.Keys.Order());
    }
}
