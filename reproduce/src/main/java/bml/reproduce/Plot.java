package bml.reproduce;

import bml.reproduce.ReportDocument.Figure;
import java.util.Optional;

/** One of the report's plots: its name, and its figure unless none of the runs it shows finished. */
record Plot(String name, Optional<Figure> figure) {}
