using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProfileEngine.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddActivityCoverage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "CoveredFrom",
                table: "SyncWatermarks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ActivityCoverages",
                columns: table => new
                {
                    ProfileId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Product = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CoveredFrom = table.Column<long>(type: "INTEGER", nullable: false),
                    CoveredUntil = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActivityCoverages", x => new { x.ProfileId, x.Product });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ActivityCoverages");

            migrationBuilder.DropColumn(
                name: "CoveredFrom",
                table: "SyncWatermarks");
        }
    }
}
