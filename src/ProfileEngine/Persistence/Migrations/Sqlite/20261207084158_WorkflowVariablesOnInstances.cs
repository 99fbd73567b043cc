using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProfileEngine.Persistence.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            // Each instance's variable rows become one JSON object on its row (a stored null stays a JSON null).
            migrationBuilder.Sql("""
                UPDATE "WorkflowInstances" SET "VariablesJson" = (
                    SELECT json_group_object(v."Name", json(v."ValueJson")) FROM "WorkflowVariables" v WHERE v."InstanceId" = "WorkflowInstances"."Id")
                WHERE EXISTS (SELECT 1 FROM "WorkflowVariables" v WHERE v."InstanceId" = "WorkflowInstances"."Id");
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
                    InstanceId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    ValueJson = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowVariables", x => new { x.InstanceId, x.Name });
                });

            migrationBuilder.Sql("""
                INSERT INTO "WorkflowVariables" ("InstanceId", "Name", "ValueJson")
                SELECT i."Id", j.key, CASE j.type WHEN 'null' THEN NULL WHEN 'text' THEN json_quote(j.value) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(j.value AS TEXT) END
                FROM "WorkflowInstances" i, json_each(i."VariablesJson") j
                WHERE i."VariablesJson" IS NOT NULL;
                """);

            migrationBuilder.DropColumn(
                name: "VariablesJson",
                table: "WorkflowInstances");
        }
    }
}
