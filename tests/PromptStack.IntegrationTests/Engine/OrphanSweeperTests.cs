using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Engine;

namespace PromptStack.IntegrationTests.Engine;

public sealed class SweeperApp : SqliteApp
{
    public SweeperApp() => Settings["ORPHAN_GRACE_SECONDS"] = "60";
}

public sealed class OrphanSweeperTests(SweeperApp app) : IClassFixture<SweeperApp>
{
    [Fact]
    public async Task Sweep_DeletesPlantedOrphans_AndKeepsOwnedAndForeignResources()
    {
        var aws = app.Services.GetRequiredService<AwsClientFactory>();
        var (client, _) = await app.NewUserAsync();
        var live = await ProjectTests.CreateAsync(client, "live-one");
        await client.PostAsync($"/api/projects/{live}/infrastructure", null);
        Assert.Equal("deployed", ProjectWaits.Infra(await ProjectWaits.InfraAsync(client, live, "deployed")));

        var deadProject = Guid.NewGuid();
        var old = DateTimeOffset.UtcNow.AddHours(-2);
        var orphanBucket = await PlantBucketAsync(aws, ResourceTags.For(Guid.NewGuid(), deadProject, "promptstack", "local", old));
        var orphanRole = await PlantRoleAsync(aws, ResourceTags.For(Guid.NewGuid(), deadProject, "promptstack", "local", old));
        var foreignBucket = await PlantBucketAsync(aws, ResourceTags.For(Guid.NewGuid(), deadProject, "promptstack", "production", old));
        var youngBucket = await PlantBucketAsync(aws, ResourceTags.For(Guid.NewGuid(), deadProject, "promptstack", "local", DateTimeOffset.UtcNow));
        var admin = await app.AdminAsync();
        var before = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/stats")).GetProperty("cleanup");

        var result = await app.Services.GetRequiredService<OrphanSweeper>().SweepOnceAsync(CancellationToken.None);

        var names = (await CloudInventory.AllAsync(aws)).Select(r => r.Name).ToList();
        Assert.DoesNotContain(orphanBucket, names);
        Assert.DoesNotContain(orphanRole, names);
        Assert.Contains(foreignBucket, names);
        Assert.Contains(youngBucket, names);
        Assert.Equal(5, (await CloudInventory.ForProjectAsync(aws, live)).Count);
        Assert.Equal(2, result.Deleted);
        Assert.Equal(0, result.Failed);
        var after = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/stats")).GetProperty("cleanup");
        Assert.Equal(before.GetProperty("orphansDeleted").GetInt64() + 2, after.GetProperty("orphansDeleted").GetInt64());
        Assert.Equal(before.GetProperty("orphansFound").GetInt64() + 2, after.GetProperty("orphansFound").GetInt64());

        await client.DeleteAsync($"/api/projects/{live}/infrastructure");
        await ProjectWaits.InfraAsync(client, live, "destroyed");
    }

    private static async Task<string> PlantBucketAsync(AwsClientFactory aws, IReadOnlyDictionary<string, string> tags)
    {
        var name = "planted-" + Guid.NewGuid().ToString("N")[..12];
        using var s3 = aws.CreateS3Client("test");
        await s3.PutBucketAsync(name);
        await s3.PutBucketTaggingAsync(new PutBucketTaggingRequest
        {
            BucketName = name, TagSet = tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList(),
        });
        return name;
    }

    private static async Task<string> PlantRoleAsync(AwsClientFactory aws, IReadOnlyDictionary<string, string> tags)
    {
        var name = "planted-" + Guid.NewGuid().ToString("N")[..12];
        await aws.CreateIamClient("test").CreateRoleAsync(name, tags);
        return name;
    }
}
