using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProfileEngine.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class WorkflowVariablesOnInstances : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "VariablesJson",
                table: "WorkflowInstances",
                type: "text",
                nullable: true);

            // Each instance's variable rows become one JSON object on its row (a stored null stays a JSON null).
            migrationBuilder.Sql("""
                UPDATE "WorkflowInstances" i SET "VariablesJson" = (
                    SELECT json_object_agg(v."Name", v."ValueJson"::json)::text FROM "WorkflowVariables" v WHERE v."InstanceId" = i."Id")
                WHERE EXISTS (SELECT 1 FROM "WorkflowVariables" v WHERE v."InstanceId" = i."Id");
                """);

            migrationBuilder.DropTable(
                name: "WorkflowVariables");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "WorkflowVariables",
                columns: table => new
                {
                    InstanceId = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    ValueJson = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowVariables", x => new { x.InstanceId, x.Name });
                });

            migrationBuilder.Sql("""
                INSERT INTO "WorkflowVariables" ("InstanceId", "Name", "ValueJson")
                SELECT i."Id", j.key, NULLIF(j.value::text, 'null')
                FROM "WorkflowInstances" i, json_each(i."VariablesJson"::json) j
                WHERE i."VariablesJson" IS NOT NULL;
                """);

            migrationBuilder.DropColumn(
                name: "VariablesJson",
                table: "WorkflowInstances");
        }
    }
}
