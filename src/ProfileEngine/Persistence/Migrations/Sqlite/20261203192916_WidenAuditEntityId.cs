using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProfileEngine.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WidenAuditEntityId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
