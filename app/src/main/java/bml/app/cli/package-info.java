/** The {@code bml} command line: one picocli command per subcommand, each validating its input before it starts. */
package bml.app.cli;
