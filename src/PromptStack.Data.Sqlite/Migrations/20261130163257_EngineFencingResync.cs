using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptStack.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class EngineFencingResync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ApplicationTargetVersion",
                table: "projects",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "LeaseEpoch",
                table: "projects",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "ResyncAt",
                table: "projects",
                type: "INTEGER",
                nullable: true);

            // A deployed application already has the version it asked for.
            migrationBuilder.Sql("UPDATE projects SET ApplicationTargetVersion = ApplicationVersion;");

            migrationBuilder.CreateIndex(
                name: "IX_projects_ResyncAt",
                table: "projects",
                column: "ResyncAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_projects_ResyncAt",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "ApplicationTargetVersion",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "LeaseEpoch",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "ResyncAt",
                table: "projects");
        }
    }
}
