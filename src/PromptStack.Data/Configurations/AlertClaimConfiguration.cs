using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptStack.Data.Entities;

namespace PromptStack.Data.Configurations;

internal sealed class AlertClaimConfiguration : IEntityTypeConfiguration<AlertClaim>
{
    public void Configure(EntityTypeBuilder<AlertClaim> builder)
    {
        builder.ToTable("alert_claims");
        builder.HasKey(c => c.Key);
        builder.Property(c => c.Key).HasMaxLength(200);
    }
}
