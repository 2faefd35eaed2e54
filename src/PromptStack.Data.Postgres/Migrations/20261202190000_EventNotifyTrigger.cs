using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptStack.Data.Postgres.Migrations
{
    /// <summary>
    /// Every project event inserted notifies <c>promptstack_events</c> with its project's id, delivered at commit to
    /// every instance's listener, whoever wrote it. It replaces a NOTIFY the writing instance sent on a connection of
    /// its own after each commit: that was two more statements per event-writing transaction (the NOTIFY and the
    /// pool's reset), and a notification lost if the instance stopped between its commit and the NOTIFY.
    /// PostgreSQL folds repeats within a transaction, so many events of one project notify once.
    /// </summary>
    public partial class EventNotifyTrigger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION promptstack_notify_event() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('promptstack_events', NEW."ProjectId"::text);
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER project_events_added AFTER INSERT ON project_events
                FOR EACH ROW EXECUTE FUNCTION promptstack_notify_event();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER project_events_added ON project_events;");
            migrationBuilder.Sql("DROP FUNCTION promptstack_notify_event();");
        }
    }
}
