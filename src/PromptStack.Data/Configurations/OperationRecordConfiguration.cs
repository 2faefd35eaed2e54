using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptStack.Data.Entities;

namespace PromptStack.Data.Configurations;

internal sealed class OperationRecordConfiguration : IEntityTypeConfiguration<OperationRecord>
{
    public void Configure(EntityTypeBuilder<OperationRecord> builder)
    {
        builder.ToTable("operations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Kind).HasMaxLength(20);
        builder.Property(o => o.Error).HasMaxLength(2000);
        builder.HasIndex(o => new { o.ProjectId, o.StartedAt });
    }
}
