using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProfileEngine.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddWorkflowInstanceLease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LeaseExpiresAt",
                table: "WorkflowInstances",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OwnerNodeId",
                table: "WorkflowInstances",
                type: "TEXT",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LeaseExpiresAt",
                table: "WorkflowInstances");

            migrationBuilder.DropColumn(
                name: "OwnerNodeId",
                table: "WorkflowInstances");
        }
    }
}
