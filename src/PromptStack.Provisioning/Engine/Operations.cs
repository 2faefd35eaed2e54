using Microsoft.EntityFrameworkCore;
using PromptStack.Data;

namespace PromptStack.Provisioning.Engine;

public static class Operations
{
    /// <summary>Closes an operation that a newer request replaced before it finished.</summary>
    public static async Task SupersedeAsync(PromptStackDbContext db, Guid? operationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (operationId is not { } id)
        {
            return;
        }

        await db.Operations.Where(o => o.Id == id && o.FinishedAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.FinishedAt, now)
                .SetProperty(o => o.Succeeded, false)
                .SetProperty(o => o.Error, "Superseded by a newer request."), cancellationToken);
    }
}
