using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptStack.Data.Entities;

namespace PromptStack.Data.Configurations;

internal sealed class AlertDeliveryConfiguration : IEntityTypeConfiguration<AlertDelivery>
{
    public void Configure(EntityTypeBuilder<AlertDelivery> builder)
    {
        builder.ToTable("alert_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Channel).HasMaxLength(20);
        builder.Property(d => d.Recipient).HasMaxLength(320);
        builder.Property(d => d.Subject).HasMaxLength(200);
        builder.Property(d => d.Body).HasMaxLength(4000);
        builder.Property(d => d.LastError).HasMaxLength(2000);
        builder.HasIndex(d => new { d.SentAt, d.NextAttemptAt });
    }
}
