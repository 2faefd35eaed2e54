using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptStack.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class EventOperationId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "OperationId",
                table: "project_events",
                type: "uuid",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "OperationId",
                table: "project_events");
        }
    }
}
