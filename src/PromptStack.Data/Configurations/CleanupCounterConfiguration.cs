using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptStack.Data.Entities;

namespace PromptStack.Data.Configurations;

internal sealed class CleanupCounterConfiguration : IEntityTypeConfiguration<CleanupCounter>
{
    public void Configure(EntityTypeBuilder<CleanupCounter> builder)
    {
        builder.ToTable("cleanup_counters");
        builder.HasKey(c => c.Name);
        builder.Property(c => c.Name).HasMaxLength(40);
    }
}
