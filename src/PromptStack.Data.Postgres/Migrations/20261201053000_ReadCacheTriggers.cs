using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptStack.Data.Postgres.Migrations
{
    /// <summary>
    /// Every write to a table the instances cache (sign-ins, users, projects, resources) notifies
    /// <c>promptstack_changes</c> with the table's group, delivered at commit to every instance's listener, whoever
    /// wrote it: another instance, the <c>users</c> command or an operator's psql. Per row, so a statement that
    /// matched nothing (background loops run many) notifies nobody; PostgreSQL folds repeats within a transaction.
    /// </summary>
    public partial class ReadCacheTriggers : Migration
    {
        private static readonly (string Table, string Group)[] Tables =
            [("projects", "projects"), ("resources", "projects"), ("users", "users"), ("user_sessions", "sessions")];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION promptstack_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('promptstack_changes', TG_ARGV[0]);
                    RETURN NULL;
                END $$;
                """);
            foreach (var (table, group) in Tables)
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE ON {table}
                    FOR EACH ROW EXECUTE FUNCTION promptstack_notify_change('{group}');
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, _) in Tables)
            {
                migrationBuilder.Sql($"DROP TRIGGER {table}_changed ON {table};");
            }

            migrationBuilder.Sql("DROP FUNCTION promptstack_notify_change();");
        }
    }
}
