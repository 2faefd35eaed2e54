using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptStack.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ExpiryWarning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ExpiryWarnedFor",
                table: "projects",
                type: "INTEGER",
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
