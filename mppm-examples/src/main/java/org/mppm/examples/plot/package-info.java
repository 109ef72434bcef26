/**
 * The charts the commands write (PNG), drawn with JFreeChart: {@link org.mppm.examples.plot.XyChart}
 * builds one chart (title, labelled axes with ticks, a legend for two or more series),
 * {@link org.mppm.examples.plot.ChartSheet} lays charts out in titled rows; one class per figure
 * turns a command's results into charts. Image grids are {@link org.mppm.core.image.ImageGrid}.
 */
package org.mppm.examples.plot;
