using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptStack.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ExpiryWarning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ExpiryWarnedFor",
                table: "projects",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExpiryWarnedFor",
                table: "projects");
        }
    }
}
