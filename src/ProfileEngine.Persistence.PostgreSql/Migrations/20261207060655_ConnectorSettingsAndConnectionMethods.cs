using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProfileEngine.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ConnectorSettingsAndConnectionMethods : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The Webex parent aliases the model used to seed stay as they are: connectors now create their parent aliases at
            // start-up (ConnectorAliasSeeding), which finds these by name.
            migrationBuilder.AddColumn<string>(
                name: "ConnectorSettings",
                table: "IntegrationProfiles",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Method",
                table: "Connections",
                type: "character varying(30)",
                maxLength: 30,
                nullable: false,
                defaultValue: "AuthorizationCode");

            migrationBuilder.AddColumn<string>(
                name: "TokenUrl",
                table: "Connections",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ConnectorSettings",
                table: "IntegrationProfiles");

            migrationBuilder.DropColumn(
                name: "Method",
                table: "Connections");

            migrationBuilder.DropColumn(
                name: "TokenUrl",
                table: "Connections");
        }
    }
}
