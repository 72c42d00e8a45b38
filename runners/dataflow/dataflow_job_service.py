"""Beam's Dataflow job service (apache_beam.runners.dataflow.dataflow_job_service) with its
job class replaced, through the `beam_job_type` hook of its `run`, for two gaps in Beam 2.49:

1. Typed options. The Job API carries pipeline options in a protobuf Struct, which has no
   integers: a number arrives as a float, and Python's PortableRunner sends integers as
   decimal strings instead (BEAM-5509). The stock job service passes either into
   PipelineOptions(**values) untouched, and DataflowRunner's request validation then refuses
   them ("Expected type (<class 'int'>,) for field maxNumWorkers, found 4.0"). Here every
   option Beam declares with type int or float is parsed as Python's command line parses it.

2. Classic templates. With template_location set, DataflowRunner writes the job description
   there instead of creating a job; the stock job then polls a job that does not exist and
   ends FAILED. Here it ends DONE once the description is written.

Started by runners/dataflow/dataflow_job_service.ts as `python -u <this file> --port <port>`.
"""

import logging
import sys

from apache_beam.options.pipeline_options import GoogleCloudOptions
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.options.pipeline_options import _BeamArgumentParser
from apache_beam.runners.dataflow import dataflow_job_service
from apache_beam.runners.dataflow import dataflow_runner
from apache_beam.runners.job import utils as job_utils
from apache_beam.runners.runner import PipelineResult
from apache_beam.runners.runner import PipelineState


def numeric_option_types():
  """{option dest: int or float} for every option Beam's own parser types as a number."""
  parser = _BeamArgumentParser()
  # The parser PipelineOptions.get_all_options builds: every options class's arguments.
  for options_class in PipelineOptions.__subclasses__():
    options_class._add_argparse_args(parser)  # pylint: disable=protected-access
  return {
      action.dest: action.type
      for action in parser._actions  # pylint: disable=protected-access
      if action.type in (int, float)
  }


def parse_option(name, option_type, value):
  """The value as `--name=value` on Python's command line gives it; never a silently truncated float."""
  if isinstance(value, float) and option_type is int and not value.is_integer():
    raise ValueError(f'pipeline option {name} must be an integer, got {value}')
  try:
    return option_type(value)
  except (TypeError, ValueError):
    raise ValueError(
        f'pipeline option {name} must be {option_type.__name__}, got {value!r}'
    ) from None


class _TemplateWritten(PipelineResult):
  """The result of a run that wrote a classic template: nothing runs, nothing to wait for."""
  def __init__(self):
    super().__init__(PipelineState.DONE)

  def wait_until_finish(self, duration=None):
    return self.state


class TypedOptionsDataflowJob(dataflow_job_service.DataflowBeamJob):
  def pipeline_options(self):
    numeric_types = numeric_option_types()
    received = {
        key[len('beam:option:'):-len(':v1')]: value
        for key, value in job_utils.struct_to_dict(self._pipeline_options).items()
    }
    return PipelineOptions(
        **{
            name: parse_option(name, numeric_types[name], value)
            if name in numeric_types and value is not None else value
            for name, value in received.items()
        })

  def _invoke_runner(self):
    options = self.pipeline_options()
    if options.view_as(GoogleCloudOptions).template_location is None:
      return super()._invoke_runner()
    # DataflowRunner's apiclient writes the job description to template_location and creates
    # no job, so there is nothing to poll.
    dataflow_runner.DataflowRunner().run_pipeline(None, options, self._pipeline_proto)
    return _TemplateWritten()


if __name__ == '__main__':
  logging.basicConfig()
  logging.getLogger().setLevel(logging.INFO)
  dataflow_job_service.run(sys.argv[1:], beam_job_type=TypedOptionsDataflowJob)
