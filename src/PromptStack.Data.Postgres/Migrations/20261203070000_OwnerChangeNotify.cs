using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptStack.Data.Postgres.Migrations
{
    /// <summary>
    /// A write to a project or one of its resources notifies <c>promptstack_changes</c> with <c>projects:</c> and the
    /// project's owner, so the instances drop only that owner's cached list, not every owner's: while the reconciler
    /// writes a few users' projects many times a second, everyone else's lists stay in memory. When the owner cannot
    /// be found (a resource whose project is being deleted in the same statement) the payload stays <c>projects</c>,
    /// which drops every list, as before.
    /// </summary>
    public partial class OwnerChangeNotify : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION promptstack_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    owner uuid;
                BEGIN
                    IF TG_TABLE_NAME = 'projects' THEN
                        owner := CASE WHEN TG_OP = 'DELETE' THEN OLD."OwnerId" ELSE NEW."OwnerId" END;
                    ELSIF TG_TABLE_NAME = 'resources' THEN
                        SELECT p."OwnerId" INTO owner FROM projects p
                        WHERE p."Id" = CASE WHEN TG_OP = 'DELETE' THEN OLD."ProjectId" ELSE NEW."ProjectId" END;
                    END IF;
                    PERFORM pg_notify('promptstack_changes', CASE WHEN owner IS NULL THEN TG_ARGV[0] ELSE TG_ARGV[0] || ':' || owner END);
                    RETURN NULL;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION promptstack_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('promptstack_changes', TG_ARGV[0]);
                    RETURN NULL;
                END $$;
                """);
        }
    }
}
